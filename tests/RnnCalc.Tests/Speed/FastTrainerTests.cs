using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Training;

namespace RnnCalc.Tests.Speed;

/// <summary>The fast mode still solves, and the helpers the speed work added draw and time what they claim to.</summary>
public class FastTrainerTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(7u)]
    public void FastTrainingSolvesTheTutorialsExhaustiveSet(uint seed)
    {
        var model = new Trainer(TrainingConfig.Tutorial with { Seed = seed, Fast = true }).Run();
        Assert.Equal(10_000, model.Training.Updates);
        Assert.True(Evaluator.Exhaustive(model.Network, ProblemSet.Tutorial).AllCorrect);
        Assert.True(double.IsFinite(model.Training.FinalError));
        Assert.Equal(16, model.Network.Hidden);
    }

    [Fact]
    public void FastTrainingStaysCloseToTheExactRunEarlyOn()
    {
        var config = TrainingConfig.Tutorial with { Iterations = 300 };
        var fast = new Trainer(config with { Fast = true }).Run().Network;
        var exact = new Trainer(config).Run().Network;
        for (var k = 0; k < exact.Recurrent.Length; k++)
        {
            Assert.True(Math.Abs(fast.Recurrent[k] - exact.Recurrent[k]) <= 1e-4 * Math.Max(1, Math.Abs(exact.Recurrent[k])), $"recurrent[{k}]");
        }
    }

    [Fact]
    public void TimeToSolveStopsAtAnUpdateThatReallySolves()
    {
        var result = TimeToSolve.Run(TrainingConfig.Tutorial, 10_000);
        Assert.NotNull(result.SolvedAt);
        Assert.InRange(result.SolvedAt!.Value, 1_000, 5_000);
        Assert.True(result.Checks >= 1);
        // Replaying the exact trainer to that update gives a network the reference evaluator finds solved.
        var model = new Trainer(TrainingConfig.Tutorial with { Iterations = result.SolvedAt.Value }).Run();
        Assert.True(Evaluator.Exhaustive(model.Network, ProblemSet.Tutorial).AllCorrect);
    }
}
