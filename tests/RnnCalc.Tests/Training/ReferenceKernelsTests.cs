using RnnCalc.Training;

namespace RnnCalc.Tests.Training;

public class ReferenceKernelsTests
{
    [Fact]
    public void TheSimdKernelsAndTheScalarReferenceGiveTheTutorialsWeightsBitForBit()
    {
        var reference = ReferenceRun.Load("seed0-h16-it10000-lr0.9-pe800");
        var expected = reference.Recurrent.SelectMany(row => row).ToArray();
        Assert.Equal(expected, new Trainer(TrainingConfig.Tutorial).Run().Network.Recurrent.ToArray());
        Assert.Equal(expected, new Trainer(TrainingConfig.Tutorial, new TrainerOptions { ReferenceKernels = true }).Run().Network.Recurrent.ToArray());
    }
}
