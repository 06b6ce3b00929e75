using System.Diagnostics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Verification;

namespace RnnCalc.Training;

/// <summary>
/// Trains every configuration once per seed, each run with --until-solved (or --until-proven), the runs of a configuration in
/// parallel on all cores. Every run is independent and deterministic, so the numbers (wall time aside) are the
/// same whatever the degree of parallelism, and a sweep cut into <see cref="SweepShard"/>s and merged again gives
/// the numbers of the whole.
/// </summary>
internal static class Sweep
{
    /// <summary>
    /// The rows of the sweep, or of its <paramref name="shard"/> (every configuration gets a row, from the runs the
    /// shard holds); <paramref name="onRunDone"/> is told how many runs are done.
    /// </summary>
    public static IReadOnlyList<SweepRow> Run(
        IReadOnlyList<TrainingConfig> configs,
        IReadOnlyList<uint> seeds,
        int parallelism,
        Action<int>? onRunDone = null,
        TrainerOptions? options = null,
        Func<RecurrentNetwork, Operation, VerificationResult>? prove = null,
        SweepShard? shard = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var slice = shard ?? SweepShard.Whole;
        // A sweep needs only when each run is solved, so its checks stop at a still-wrong network's first wrong pair.
        options = (options ?? TrainerOptions.Default) with { Prove = prove is null ? null : (network, operation) => prove(network, operation).Proven, SolvedOnly = true };
        var rows = new List<SweepRow>(configs.Count);
        var done = 0;
        for (var c = 0; c < configs.Count; c++)
        {
            var config = configs[c];
            var first = (long)c * seeds.Count;
            var owned = Enumerable.Range(0, seeds.Count).Where(s => slice.Owns(first + s)).Select(s => seeds[s]).ToArray();
            var runs = new SweepRun[owned.Length];
            var clock = Stopwatch.StartNew();
            var run = config with { UntilSolved = !config.UntilProven };
            void Record(int i, TrainedModel model)
            {
                var training = model.Training;
                // With --until-proven training proves as it goes; otherwise prove the network as solved.
                var verdict = !config.UntilProven && prove is not null && training.SolvedAt is not null ? prove(model.Network, config.Operation) : null;
                var proven = config.UntilProven ? training.ProvenAt is not null : verdict?.Proven == true;
                runs[i] = new SweepRun(owned[i], training.SolvedAt, training.ProvenAt, proven, verdict?.Undecided == true);
                onRunDone?.Invoke(Interlocked.Increment(ref done));
            }
            if (LaneTrainer.Serves(run, options))
            {
                // One network per vector lane, a lane group per core, each taking the next seed as a lane frees.
                var taken = -1;
                var workers = Math.Min(parallelism, (owned.Length + LaneTrainer.Lanes - 1) / LaneTrainer.Lanes);
                Parallel.For(
                    0,
                    workers,
                    new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
                    _ => LaneTrainer.Run(run, owned, () => Interlocked.Increment(ref taken) is var i && i < owned.Length ? i : -1, Record, options, cancellation));
                cancellation.ThrowIfCancellationRequested();
            }
            else
            {
                Parallel.For(
                    0,
                    owned.Length,
                    new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
                    i => Record(i, new Trainer(run with { Seed = owned[i] }, options).Run(cancellation: cancellation)));
            }
            rows.Add(Summarise(config, runs, clock.Elapsed.TotalSeconds, proofsAsked: prove is not null));
        }
        return rows;
    }

    /// <summary>
    /// Networks a sweep trains at once per core, one per SIMD lane (8 with AVX-512, 4 with 256-bit vectors), for the
    /// settings the lanes serve: the tutorial's cell, plain SGD, batch 1, no clipping, not --until-proven; 1 otherwise.
    /// </summary>
    public static int NetworksPerVector => LaneTrainer.Lanes;

    /// <summary>How many of the sweep's runs <paramref name="shard"/> holds.</summary>
    public static int RunsIn(SweepShard shard, int configs, int seeds)
    {
        var total = (long)configs * seeds;
        return shard.Count <= 1 ? (int)total : (int)((total / shard.Count) + (shard.Index < total % shard.Count ? 1 : 0));
    }

    /// <summary>
    /// The rows of the whole sweep from the rows of its shards, one list per shard in any order, each with a row per
    /// configuration: the same numbers as <see cref="Run"/> without shards; the wall time is the shards' summed.
    /// </summary>
    public static IReadOnlyList<SweepRow> Merge(IReadOnlyList<TrainingConfig> configs, IReadOnlyList<uint> seeds, IReadOnlyList<IReadOnlyList<SweepRow>> shards, bool proofsAsked)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(shards);
        var order = new Dictionary<uint, int>(seeds.Count);
        for (var s = 0; s < seeds.Count; s++)
        {
            order[seeds[s]] = s;
        }
        var rows = new List<SweepRow>(configs.Count);
        for (var c = 0; c < configs.Count; c++)
        {
            var parts = shards.Select(rowsOfShard => rowsOfShard[c]).ToList();
            var runs = parts.SelectMany(p => p.Results).OrderBy(r => order[r.Seed]).ToArray();
            rows.Add(Summarise(configs[c], runs, parts.Sum(p => p.WallSeconds), proofsAsked));
        }
        return rows;
    }

    /// <summary>The row of one configuration from its runs (in seed order); <paramref name="proofsAsked"/> says whether <see cref="SweepRow.Proven"/> counts.</summary>
    public static SweepRow Summarise(TrainingConfig config, IReadOnlyList<SweepRun> runs, double wallSeconds, bool proofsAsked)
    {
        var solved = runs.Where(r => r.SolvedAt is not null).ToList();
        var updates = solved.Select(r => r.SolvedAt!.Value).Order().ToArray();
        var sequences = solved.Select(r => r.SolvedAt!.Value * config.Batch).Order().ToArray();
        var provenAt = runs.Select(r => r.ProvenAt).OfType<long>().Order().ToArray();
        return new SweepRow(
            config,
            runs.Count,
            solved.Count,
            Median(updates),
            updates.Length == 0 ? null : NearestRank(updates, 0.9),
            updates.Length == 0 ? null : updates[^1],
            Median(sequences),
            wallSeconds,
            runs)
        {
            Proven = proofsAsked ? runs.Count(r => r.Proven) : null,
            Undecided = proofsAsked && !config.UntilProven ? runs.Count(r => r.Undecided) : null,
            ProvenAtMedian = Median(provenAt),
        };
    }

    private static double? Median(long[] sorted) => sorted.Length == 0
        ? null
        : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2.0;

    /// <summary>The smallest value with at least a share p of the values at or below it.</summary>
    private static long NearestRank(long[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
