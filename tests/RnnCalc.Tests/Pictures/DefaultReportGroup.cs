namespace RnnCalc.Tests.Pictures;

/// <summary>The tests that share one run of <c>rnncalc report</c> on the default network.</summary>
[CollectionDefinition(Name)]
public sealed class DefaultReportGroup : ICollectionFixture<DefaultReportFixture>
{
    public const string Name = "default report";
}
