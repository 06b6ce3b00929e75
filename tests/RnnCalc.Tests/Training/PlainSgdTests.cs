using RnnCalc.Training;

namespace RnnCalc.Tests.Training;

public class PlainSgdTests
{
    [Fact]
    public void BothMeasuredLoopsGiveTheTutorialsWeightsBitForBit()
    {
        var reference = ReferenceRun.Load("seed0-h16-it10000-lr0.9-pe800");
        var expected = reference.Recurrent.SelectMany(row => row).ToArray();
        Assert.Equal(expected, PlainSgd.Exact(TrainingConfig.Tutorial, 10_000).Recurrent);
        Assert.Equal(expected, PlainSgd.Scalar(TrainingConfig.Tutorial, 10_000).Recurrent);
    }
}
