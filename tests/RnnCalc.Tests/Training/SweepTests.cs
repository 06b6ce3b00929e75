using RnnCalc.Arithmetic;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Training;

public class SweepTests
{
    private static readonly TrainingConfig Small = TrainingConfig.Tutorial with { Bits = 4, Hidden = 6, Iterations = 4000, CheckEvery = 100 };

    [Fact]
    public void ResultsDoNotDependOnTheDegreeOfParallelism()
    {
        TrainingConfig[] configs = [Small, Small with { LearningRate = 2 }];
        uint[] seeds = [0, 1, 2, 3, 4, 5];
        var one = Sweep.Run(configs, seeds, parallelism: 1);
        var two = Sweep.Run(configs, seeds, parallelism: 2);
        Assert.Equal(one.Select(r => r.SolvedAt), two.Select(r => r.SolvedAt));
        Assert.Equal(one.Select(r => (r.Solved, r.SolvedAtMedian, r.SolvedAtP90, r.SolvedAtMax)), two.Select(r => (r.Solved, r.SolvedAtMedian, r.SolvedAtP90, r.SolvedAtMax)));
    }

    [Fact]
    public void EachRunEqualsTrainingThatSeedAlone()
    {
        var row = Sweep.Run([Small], [7, 8], parallelism: 2).Single();
        var alone = new Trainer(Small with { Seed = 8, UntilSolved = true }).Run();
        Assert.Equal(alone.Training.SolvedAt, row.SolvedAt[1]);
    }

    [Fact]
    public void ShardsMergedGiveTheRowsOfTheWholeSweep()
    {
        var tiny = Small with { Bits = 3, Hidden = 4, Iterations = 1500, CheckEvery = 50 };
        TrainingConfig[] configs = [tiny, tiny with { LearningRate = 2 }];
        uint[] seeds = [3, 1, 4, 5, 9, 2, 6];
        var whole = Sweep.Run(configs, seeds, parallelism: 2, prove: (_, _) => Verdict("proven"));
        var shards = Enumerable.Range(0, 3).Select(k => Sweep.Run(configs, seeds, parallelism: 2, prove: (_, _) => Verdict("proven"), shard: new SweepShard(k, 3))).ToList();
        Assert.Equal(configs.Length * seeds.Length, Enumerable.Range(0, 3).Sum(k => Sweep.RunsIn(new SweepShard(k, 3), configs.Length, seeds.Length)));
        Assert.Equal(shards.Select(s => s.Sum(r => r.Runs)), Enumerable.Range(0, 3).Select(k => Sweep.RunsIn(new SweepShard(k, 3), configs.Length, seeds.Length)));
        var merged = Sweep.Merge(configs, seeds, [shards[2], shards[0], shards[1]], proofsAsked: true);
        Assert.Equal(whole.Select(r => r with { WallSeconds = 0 }), merged.Select(r => r with { WallSeconds = 0 }), new RowNumbers());
        Assert.Equal(shards.Sum(s => s[0].WallSeconds), merged[0].WallSeconds, 12);
    }

    [Theory]
    [InlineData("sigmoid", 4)]
    [InlineData("tanh", 3)]
    public void ChecksThatStopAtTheFirstWrongPairSolveAtTheSameUpdate(string cellName, int bits)
    {
        Assert.True(RnnCalc.Network.Cells.Cell.TryParse(cellName, out var cell));
        var config = TrainingConfig.For(cell) with { Bits = bits, Hidden = 6, Iterations = 3000, CheckEvery = 50, UntilSolved = true };
        var solved = 0;
        for (uint seed = 0; seed < 4; seed++)
        {
            var full = new Trainer(config with { Seed = seed }, TrainerOptions.Default);
            var early = new Trainer(config with { Seed = seed }, TrainerOptions.Default with { SolvedOnly = true });
            full.Run();
            early.Run();
            Assert.Equal(full.SolvedAt, early.SolvedAt);
            Assert.Equal(full.Updates, early.Updates);
            Assert.Equal(full.Checks, early.Checks);
            Assert.Equal(full.Network.Weights, early.Network.Weights);
            Assert.Equal(full.SolvedAt is null ? null : 1.0, early.LastAccuracy);
            solved += full.SolvedAt is null ? 0 : 1;
        }
        Assert.InRange(solved, 1, 3); // both verdicts were reached, so both were compared
    }

    [Fact]
    public void StatisticsAreMedianNearestRankP90AndMax()
    {
        long?[] solvedAt = [100, 400, 200, null, 300];
        var row = Sweep.Summarise(Small with { Batch = 3 }, [.. solvedAt.Select((s, i) => new SweepRun((uint)i, s, null, Proven: false))], 1.5, proofsAsked: false);
        Assert.Equal(5, row.Runs);
        Assert.Equal(4, row.Solved);
        Assert.Equal(250, row.SolvedAtMedian);
        Assert.Equal(400, row.SolvedAtP90);
        Assert.Equal(400, row.SolvedAtMax);
        Assert.Equal(750, row.SequencesMedian);
    }

    [Fact]
    public void ProvenCountsOnlySolvedRunsTheProverAccepts()
    {
        var asked = new List<int>();
        var row = Sweep.Run([Small], [.. Enumerable.Range(0, 12).Select(s => (uint)s)], parallelism: 1, prove: (network, _) =>
        {
            lock (asked)
            {
                asked.Add(network.Hidden);
            }
            // Proven, undecided, undecided, a counterexample, in turn: as many undecided as proven only when fewer than 2 are asked.
            return Verdict((asked.Count % 4) switch { 1 => "proven", 0 => "counterexample", _ => "undecided" });
        }).Single();
        Assert.Equal(row.Solved, asked.Count);
        Assert.True(row.Solved >= 3, "each verdict is given at least once");
        Assert.Equal((row.Solved + 3) / 4, row.Proven);
        Assert.Equal(Enumerable.Range(1, row.Solved).Count(i => i % 4 is 2 or 3), row.Undecided);
        Assert.Equal(row.Undecided, row.Results.Count(r => r.Undecided));
        var unasked = Sweep.Run([Small], [0], parallelism: 1).Single();
        Assert.Null(unasked.Proven);
        Assert.Null(unasked.Undecided);
    }

    [Fact]
    public void UntilProvenRunsKeepTrainingUntilTheProverAccepts()
    {
        var calls = 0;
        var row = Sweep.Run([Small with { UntilProven = true }], [5], parallelism: 1, prove: (_, _) => Verdict(Interlocked.Increment(ref calls) >= 3 ? "proven" : "undecided")).Single();
        Assert.Equal(1, row.Proven);
        // Training on until proven leaves nothing undecided to count.
        Assert.Null(row.Undecided);
        Assert.Equal(3, calls);
        Assert.NotNull(row.ProvenAtMedian);
        Assert.True(row.ProvenAtMedian >= row.SolvedAtMedian);
    }

    /// <summary>What a prover returns: "proven", "counterexample" (made up, never run) or "undecided".</summary>
    private static VerificationResult Verdict(string verdict) => new(
        Operation.Subtract,
        verdict == "proven",
        verdict,
        new MealyMachine(new int[InputPair.Count], new byte[InputPair.Count], new double[InputPair.Count]),
        0,
        0,
        verdict == "counterexample" ? new Counterexample(Operation.Subtract, 1, 2, -1, 3, 3, 0) : null,
        [],
        TimeSpan.Zero);

    /// <summary>Rows equal in every number and every run (records compare lists by reference).</summary>
    private sealed class RowNumbers : IEqualityComparer<SweepRow>
    {
        public bool Equals(SweepRow? x, SweepRow? y) =>
            x is not null && y is not null && x.Results.SequenceEqual(y.Results) && (x with { Results = [] }) == (y with { Results = [] });

        public int GetHashCode(SweepRow obj) => obj.Runs;
    }
}
