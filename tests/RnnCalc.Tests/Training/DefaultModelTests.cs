using RnnCalc.Arithmetic;
using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Tests.Training;

/// <summary>The default networks ship inside the library; they must be exactly what training them again gives.</summary>
public class DefaultModelTests
{
    public static TheoryData<string> Operations() => [.. Operation.All.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Operations))]
    public void TheShippedDefaultNetworkEqualsAFreshTrainingRunBitForBit(string name)
    {
        Assert.True(Operation.TryParse(name, out var operation));
        var shipped = DefaultModel.Load(operation);
        var trained = DefaultModel.Train(operation);

        Assert.Equal(DefaultModel.Config(operation), shipped.Config);
        Assert.Equal(trained.Config, shipped.Config);
        Assert.Equal(trained.Training, shipped.Training);
        Assert.Equal(trained.Network.Cell, shipped.Network.Cell);
        Assert.Equal(trained.Network.Hidden, shipped.Network.Hidden);
        Assert.Equal(BitConverter.DoubleToInt64Bits(trained.Network.InitialHidden), BitConverter.DoubleToInt64Bits(shipped.Network.InitialHidden));
        Assert.Equal(trained.Network.Exp, shipped.Network.Exp);
        // Every weight, compared as its 64 bits (so -0.0 and 0.0, or two NaNs, could not pass for each other).
        Assert.Equal(trained.Network.Weights.Select(BitConverter.DoubleToInt64Bits), shipped.Network.Weights.Select(BitConverter.DoubleToInt64Bits));
        // And the shipped file is byte for byte what train --save writes for it today.
        Assert.Equal(ModelFile.Serialize(trained), ModelFile.Serialize(shipped));
    }

    [Fact]
    public void EachCallGivesItsOwnCopySoACallerCannotChangeTheDefault()
    {
        var first = DefaultModel.Load(Operation.Subtract);
        first.Network.Weights[0] += 1;
        Assert.NotEqual(first.Network.Weights[0], DefaultModel.Load(Operation.Subtract).Network.Weights[0]);
    }
}
