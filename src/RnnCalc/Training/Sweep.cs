using System.Diagnostics;

namespace RnnCalc.Training;

/// <summary>
/// Trains every configuration once per seed, each run with --until-solved, the runs of a configuration in
/// parallel on all cores. Every run is independent and deterministic, so the numbers (wall time aside) are the
/// same whatever the degree of parallelism.
/// </summary>
public static class Sweep
{
    public static IReadOnlyList<SweepRow> Run(
        IReadOnlyList<TrainingConfig> configs,
        IReadOnlyList<uint> seeds,
        int parallelism,
        Action<int>? onRunDone = null,
        Func<TrainingConfig, Trainer>? createTrainer = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        createTrainer ??= c => new Trainer(c);
        var rows = new List<SweepRow>(configs.Count);
        var done = 0;
        foreach (var config in configs)
        {
            var results = new TrainingSummary?[seeds.Count];
            var clock = Stopwatch.StartNew();
            Parallel.For(
                0,
                seeds.Count,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
                i =>
                {
                    results[i] = createTrainer(config with { Seed = seeds[i], UntilSolved = true }).Run().Training;
                    onRunDone?.Invoke(Interlocked.Increment(ref done));
                });
            rows.Add(Summarise(config, results!, clock.Elapsed.TotalSeconds));
        }
        return rows;
    }

    internal static SweepRow Summarise(TrainingConfig config, IReadOnlyList<TrainingSummary> runs, double wallSeconds)
    {
        var solved = runs.Where(r => r.SolvedAt is not null).ToList();
        var updates = solved.Select(r => r.SolvedAt!.Value).Order().ToArray();
        var sequences = solved.Select(r => r.SolvedAt!.Value * config.Batch).Order().ToArray();
        return new SweepRow(
            config,
            runs.Count,
            solved.Count,
            Median(updates),
            updates.Length == 0 ? null : NearestRank(updates, 0.9),
            updates.Length == 0 ? null : updates[^1],
            Median(sequences),
            wallSeconds,
            [.. runs.Select(r => r.SolvedAt)]);
    }

    private static double? Median(long[] sorted) => sorted.Length == 0
        ? null
        : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2.0;

    /// <summary>The smallest value with at least a share p of the values at or below it.</summary>
    private static long NearestRank(long[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
