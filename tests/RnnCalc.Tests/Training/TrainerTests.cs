using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Tests.Training;

public class TrainerTests
{
    private static readonly ProblemSet FourBitFull = new(Operation.Subtract, 4, TrainingRange.Full);

    /// <summary>½Σ(y − out)² over every 4-bit full-range pair: the loss every optimizer should lower.</summary>
    private static double Loss(RnnCalc.Network.RecurrentNetwork network)
    {
        var sequence = new RnnCalc.Network.BitSequence(FourBitFull.Steps);
        var run = new RnnCalc.Network.Unrolling(network.Hidden, FourBitFull.Steps);
        var loss = 0.0;
        foreach (var problem in FourBitFull.Exhaustive())
        {
            FourBitFull.Encode(problem, sequence);
            RnnCalc.Network.Rnn.Forward(network, sequence, run);
            for (var t = 0; t < sequence.Length; t++)
            {
                var e = sequence.Target[t] - run.Outputs[t];
                loss += 0.5 * e * e;
            }
        }
        return loss;
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.9, 1)]
    [InlineData(OptimizerKind.Momentum, 0.1, 1)]
    [InlineData(OptimizerKind.Adam, 0.01, 1)]
    [InlineData(OptimizerKind.Sgd, 2.0, 8)]
    [InlineData(OptimizerKind.Adam, 0.02, 4)]
    public void EveryOptimizerLowersTheLoss(OptimizerKind optimizer, double learningRate, int batch)
    {
        var config = TrainingConfig.Tutorial with { Optimizer = optimizer, LearningRate = learningRate, Batch = batch, Bits = 4, Range = TrainingRange.Full, Iterations = 6000, Seed = 3 };
        var trainer = new Trainer(config);
        var before = Loss(trainer.Network);
        trainer.Run();
        var after = Loss(trainer.Network);
        Assert.True(after < 0.5 * before, $"{optimizer}: loss {before:F3} → {after:F3}");
    }

    [Fact]
    public void ClippingBoundsTheUpdateAndChangesTheRun()
    {
        var plain = new Trainer(TrainingConfig.Tutorial with { Iterations = 50 }).Run();
        var clipped = new Trainer(TrainingConfig.Tutorial with { Iterations = 50, Clip = 1e-3 }).Run();
        Assert.NotEqual(plain.Network.Recurrent.ToArray(), clipped.Network.Recurrent.ToArray());
        // With every update's norm at most 1e-3 and α = 0.9, 50 updates move the weights by at most 0.045 in norm.
        var start = new Trainer(TrainingConfig.Tutorial).Network;
        var moved = Math.Sqrt(clipped.Network.Recurrent.ToArray().Zip(start.Recurrent.ToArray()).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
        Assert.InRange(moved, 1e-6, 0.045 + 1e-12);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.9, 1, null)]
    [InlineData(OptimizerKind.Momentum, 0.2, 3, 1.0)]
    [InlineData(OptimizerKind.Adam, 0.01, 2, 0.5)]
    public void ResumingFromACheckpointEndsBitIdenticalToAnUninterruptedRun(OptimizerKind optimizer, double learningRate, int batch, double? clip)
    {
        var config = TrainingConfig.Tutorial with { Optimizer = optimizer, LearningRate = learningRate, Batch = batch, Clip = clip, Iterations = 1200, CheckEvery = 300 };
        var uninterrupted = new Trainer(config, recordHistory: true);
        var expected = uninterrupted.Run();

        var first = new Trainer(config with { Iterations = 517 }, recordHistory: true);
        first.Run();
        var bytes = CheckpointFile.Serialize(first.Model(), first.SaveState());
        var (model, state) = CheckpointFile.Parse(bytes);
        var resumed = Trainer.Resume(config, model.Network, state);
        var actual = resumed.Run();

        Assert.Equal(expected.Network.Input, actual.Network.Input);
        Assert.Equal(expected.Network.Recurrent, actual.Network.Recurrent);
        Assert.Equal(expected.Network.Output, actual.Network.Output);
        Assert.Equal(expected.Training, actual.Training);
        Assert.Equal(uninterrupted.History!.ToCsv(), resumed.History!.ToCsv());
    }

    [Fact]
    public void AnAbsurdLearningRateIsDetectedAsDivergenceAndKeepsTheLastGoodWeights()
    {
        var trainer = new Trainer(TrainingConfig.Tutorial with { LearningRate = 1e300, Iterations = 100 });
        var before = trainer.Network.Clone();
        var model = trainer.Run();
        Assert.True(model.Training.Diverged);
        Assert.Equal(0, model.Training.Updates);
        Assert.Equal(before.Recurrent, model.Network.Recurrent);
        Assert.True(model.Network.IsFinite());
    }

    [Fact]
    public void UntilSolvedStopsAtTheFirstCheckWhereEveryPairIsRight()
    {
        var trainer = new Trainer(TrainingConfig.Tutorial with { UntilSolved = true, CheckEvery = 250 });
        var model = trainer.Run();
        Assert.NotNull(model.Training.SolvedAt);
        Assert.Equal(model.Training.Updates, model.Training.SolvedAt);
        Assert.Equal(0, model.Training.SolvedAt % 250);
        Assert.True(Evaluator.Exhaustive(model.Network, model.Config.Problems).AllCorrect);
        // One check earlier, it was not yet solved.
        var earlier = new Trainer(TrainingConfig.Tutorial with { Iterations = model.Training.Updates - 250 }).Run();
        Assert.False(Evaluator.Exhaustive(earlier.Network, earlier.Config.Problems).AllCorrect);
    }

    [Fact]
    public void TheAdaptiveCheckSolvesNoLaterThanTheNextRegularCheckWouldConfirm()
    {
        var adaptive = new Trainer(TrainingConfig.Tutorial with { UntilSolved = true }).Run();
        var regular = new Trainer(TrainingConfig.Tutorial with { UntilSolved = true, CheckEvery = 250 }).Run();
        Assert.NotNull(adaptive.Training.SolvedAt);
        Assert.True(adaptive.Training.SolvedAt >= regular.Training.SolvedAt);
        Assert.True(Evaluator.Exhaustive(adaptive.Network, adaptive.Config.Problems).AllCorrect);
    }

    [Fact]
    public void TheHistoryCsvReadsBackAndHasAccuracyAtChecks()
    {
        var trainer = new Trainer(TrainingConfig.Tutorial with { Iterations = 1000, CheckEvery = 400 }, recordHistory: true);
        trainer.Run();
        var rows = TrainingHistory.ParseCsv(trainer.History!.ToCsv());
        Assert.Equal(1000, rows.Count);
        Assert.Equal([400L, 800L], rows.Where(r => r.Accuracy is not null).Select(r => r.Update));
        Assert.Equal(trainer.LastError, rows[^1].Error);
        Assert.All(rows, r => Assert.InRange(r.SmoothedError, 0, 8));
    }

    [Fact]
    public void LongHistoriesStayBounded()
    {
        var history = new TrainingHistory();
        for (long u = 1; u <= 3 * TrainingHistory.MaxRows; u++)
        {
            history.Record(u, 1.0, u % 50_000 == 0 ? 0.5 : null);
        }
        Assert.True(history.Rows.Count < TrainingHistory.MaxRows);
        Assert.Equal(6, history.Rows.Count(r => r.Accuracy is not null));
    }

    [Fact]
    public void TheFastSgdPathDivergesAtTheSameUpdateWithTheSameLastGoodWeightsAsTheCarefulPath()
    {
        // The tutorial's weights pass 11 in magnitude after some thousands of updates: with that as the limit the
        // fused kernel's run must roll back to its snapshot and stop exactly where the careful path stops.
        var fused = new Trainer(TrainingConfig.Tutorial, new TrainerOptions { WeightLimit = 11.0 });
        var careful = new Trainer(TrainingConfig.Tutorial with { Clip = double.MaxValue }, new TrainerOptions { WeightLimit = 11.0 });
        var a = fused.Run();
        var b = careful.Run();
        Assert.True(a.Training.Diverged);
        Assert.InRange(a.Training.Updates, 4097, 9999);
        Assert.Equal(b.Training, a.Training);
        Assert.Equal(b.Network.Input, a.Network.Input);
        Assert.Equal(b.Network.Recurrent, a.Network.Recurrent);
        Assert.Equal(b.Network.Output, a.Network.Output);
        Assert.All(a.Network.Recurrent.ToArray(), w => Assert.InRange(w, -11.0, 11.0));
    }
}
