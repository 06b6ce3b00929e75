using System.Diagnostics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Training;

/// <summary>
/// Trains every configuration once per seed, each run with --until-solved (or --until-proven), the runs of a configuration in
/// parallel on all cores. Every run is independent and deterministic, so the numbers (wall time aside) are the
/// same whatever the degree of parallelism.
/// </summary>
internal static class Sweep
{
    public static IReadOnlyList<SweepRow> Run(
        IReadOnlyList<TrainingConfig> configs,
        IReadOnlyList<uint> seeds,
        int parallelism,
        Action<int>? onRunDone = null,
        TrainerOptions? options = null,
        Func<RecurrentNetwork, Operation, bool>? prove = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        options = (options ?? TrainerOptions.Default) with { Prove = prove };
        var rows = new List<SweepRow>(configs.Count);
        var done = 0;
        foreach (var config in configs)
        {
            var results = new TrainingSummary?[seeds.Count];
            var proven = new bool[seeds.Count];
            var clock = Stopwatch.StartNew();
            Parallel.For(
                0,
                seeds.Count,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
                i =>
                {
                    var model = new Trainer(config with { Seed = seeds[i], UntilSolved = !config.UntilProven }, options).Run(cancellation: cancellation);
                    results[i] = model.Training;
                    // With --until-proven training proves as it goes; otherwise prove the network as solved.
                    proven[i] = config.UntilProven
                        ? model.Training.ProvenAt is not null
                        : prove is not null && model.Training.SolvedAt is not null && prove(model.Network, config.Operation);
                    onRunDone?.Invoke(Interlocked.Increment(ref done));
                });
            var provenAt = results.Select(r => r!.ProvenAt).OfType<long>().Order().ToArray();
            rows.Add(Summarise(config, results!, clock.Elapsed.TotalSeconds) with
            {
                Proven = prove is null ? null : proven.Count(p => p),
                ProvenAtMedian = Median(provenAt),
            });
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
