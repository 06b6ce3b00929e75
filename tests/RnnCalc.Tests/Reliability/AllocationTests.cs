using RnnCalc.Training;

namespace RnnCalc.Tests.Reliability;

/// <summary>Long runs keep constant memory: after warm-up a training update allocates nothing at all.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(OptimizerKind.Sgd, 1, null)]
    [InlineData(OptimizerKind.Adam, 4, 1.0)]
    [InlineData(OptimizerKind.Momentum, 2, 0.5)]
    public void TrainingUpdatesAllocateNothing(OptimizerKind optimizer, int batch, double? clip)
    {
        var trainer = new Trainer(TrainingConfig.Tutorial with { Optimizer = optimizer, LearningRate = 0.05, Batch = batch, Clip = clip, Iterations = long.MaxValue });
        for (var i = 0; i < 2000; i++)
        {
            trainer.Step();
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50_000; i++)
        {
            trainer.Step();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
