using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Training;

namespace RnnCalc.Tests.Speed;

/// <summary>Networks trained one per vector lane against <see cref="Trainer"/> training each seed alone: bit for bit.</summary>
public class LaneTrainerTests
{
    private static readonly TrainerOptions SolvedOnly = TrainerOptions.Default with { SolvedOnly = true };

    public static TheoryData<string, TrainingConfig> Configs() => new()
    {
        // solved at different checks, so lanes finish at different times and are refilled
        { "tutorial", TrainingConfig.Tutorial with { UntilSolved = true } },
        // hidden sizes not a multiple of anything, a short cap that stops unsolved runs mid-way (weights after N updates)
        { "H=5, 4 bits, cap 700", TrainingConfig.Tutorial with { Hidden = 5, Bits = 4, Iterations = 700, CheckEvery = 100, UntilSolved = true } },
        { "H=1, full range, cap 300", TrainingConfig.Tutorial with { Hidden = 1, Bits = 3, Range = TrainingRange.Full, Iterations = 300, UntilSolved = true } },
        { "H=7, add, libm exp", TrainingConfig.Tutorial with { Hidden = 7, Bits = 5, Operation = Operation.Add, Exp = ExpKind.Libm, Iterations = 2000, CheckEvery = 50, UntilSolved = true } },
        // every output saturates: the runs collapse after 1,000 updates
        { "collapse", TrainingConfig.Tutorial with { LearningRate = 1000, Iterations = 3000, UntilSolved = true } },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void EveryLaneEqualsTrainingItsSeedAlone(string name, TrainingConfig config)
    {
        Assert.True(LaneTrainer.Serves(config, SolvedOnly), name);
        uint[] seeds = [.. Enumerable.Range(0, 7).Select(s => (uint)(s * 7))];
        var lanes = Train(config, seeds, SolvedOnly);
        var solved = new HashSet<long?>();
        var collapsed = 0;
        for (var i = 0; i < seeds.Length; i++)
        {
            var alone = new Trainer(config with { Seed = seeds[i] }, SolvedOnly).Run();
            Assert.True(alone.Training == lanes[i]!.Training, $"{name}, seed {seeds[i]}: {lanes[i]!.Training} but alone {alone.Training}");
            Assert.Equal(alone.Network.Weights, lanes[i]!.Network.Weights);
            Assert.Equal(alone.Config, lanes[i]!.Config);
            solved.Add(alone.Training.SolvedAt);
            collapsed += alone.Training.SolvedAt is null && alone.Training.Updates < config.Iterations ? 1 : 0;
        }
        Assert.True(name != "collapse" || collapsed > 0, "no run collapsed, so stopping on collapse was not compared");
        Assert.True(name != "tutorial" || solved.Count > 1, "every seed solved at the same update: lanes were never refilled at different times");
    }

    [Fact]
    public void ADivergingLaneIsHandedToTheTrainer()
    {
        var options = SolvedOnly with { WeightLimit = 0.5 };
        var config = TrainingConfig.Tutorial with { Bits = 4, LearningRate = 4, Iterations = 2000, UntilSolved = true };
        uint[] seeds = [0, 1, 2, 3, 4, 5];
        var lanes = Train(config, seeds, options);
        var diverged = 0;
        for (var i = 0; i < seeds.Length; i++)
        {
            var alone = new Trainer(config with { Seed = seeds[i] }, options).Run();
            Assert.Equal(alone.Training, lanes[i]!.Training);
            Assert.Equal(alone.Network.Weights, lanes[i]!.Network.Weights);
            diverged += alone.Training.Diverged ? 1 : 0;
        }
        Assert.True(diverged > 0, "no run diverged, so the hand-over was not tested");
    }

    [Fact]
    public void ItServesOnlyWhatItReproduces()
    {
        var solvable = TrainingConfig.Tutorial with { UntilSolved = true };
        Assert.False(LaneTrainer.Serves(solvable, TrainerOptions.Default));
        Assert.False(LaneTrainer.Serves(solvable with { Batch = 2 }, SolvedOnly));
        Assert.False(LaneTrainer.Serves(solvable with { Optimizer = OptimizerKind.Adam }, SolvedOnly));
        Assert.False(LaneTrainer.Serves(solvable with { Clip = 1 }, SolvedOnly));
        Assert.False(LaneTrainer.Serves(solvable with { UntilProven = true }, SolvedOnly));
        Assert.False(LaneTrainer.Serves(TrainingConfig.For(RnnCalc.Network.Cells.Cell.Gru) with { UntilSolved = true }, SolvedOnly));
        Assert.False(LaneTrainer.Serves(solvable, SolvedOnly with { RecordHistory = true }));
    }

    private static TrainedModel?[] Train(TrainingConfig config, uint[] seeds, TrainerOptions options)
    {
        var models = new TrainedModel?[seeds.Length];
        var next = 0;
        LaneTrainer.Run(config, seeds, () => next < seeds.Length ? next++ : -1, (i, model) => models[i] = model, options);
        Assert.All(models, Assert.NotNull);
        return models;
    }
}
