using System.Runtime.Intrinsics;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Training;

/// <summary>
/// Trains many seeds of one configuration at once, one network per SIMD lane (<see cref="NetworkLanes"/>): 8 per
/// 512-bit vector, 4 per 256-bit, 2 per 128-bit. Each lane draws its own problems, checks and stops as
/// <see cref="Trainer"/> does, and comes out bit for bit as <see cref="Trainer"/> would train its seed alone (same
/// weights, updates, last error, solvedAt); a lane that stops takes the next seed. It serves the configurations
/// <see cref="Serves"/> names; a run that would diverge is handed to <see cref="Trainer"/>, which handles divergence.
/// </summary>
internal static class LaneTrainer
{
    /// <summary>Networks per vector on this processor (1: no vectors, so lanes do not pay).</summary>
    public static int Lanes =>
        Vector512.IsHardwareAccelerated ? Vector512<double>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<double>.Count
        : Vector128.IsHardwareAccelerated ? Vector128<double>.Count
        : 1;

    /// <summary>
    /// The tutorial's cell with plain SGD, batch 1, no clipping, double precision, stopping when solved (or at the
    /// cap) with checks that only ask solved-or-not; no history, no proofs during training, the SIMD kernels.
    /// </summary>
    public static bool Serves(TrainingConfig config, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        return Lanes > 1
            && ExactKernels.Serves(config.Cell)
            && config.Optimizer == OptimizerKind.Sgd
            && config.Batch == 1
            && config.Clip is null
            && !config.Fast
            && config.UntilSolved
            && !config.UntilProven
            && options.SolvedOnly
            && !options.RecordHistory
            && !options.ReferenceKernels;
    }

    /// <summary>
    /// Trains <paramref name="seeds"/>[i] for each i that <paramref name="next"/> hands out (−1: no more), telling
    /// <paramref name="done"/> each model as its run stops; returns early, runs unfinished, when cancelled.
    /// </summary>
    public static void Run(TrainingConfig config, IReadOnlyList<uint> seeds, Func<int> next, Action<int, TrainedModel> done, TrainerOptions options, CancellationToken cancellation = default)
    {
        if (!Serves(config, options))
        {
            throw new ArgumentException("lanes serve the tutorial's cell with plain SGD, batch 1, no clipping, until solved", nameof(config));
        }
        if (Vector512.IsHardwareAccelerated)
        {
            new LaneGroup<Vector512<double>, Lanes512>(config, options).Run(seeds, next, done, cancellation);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            new LaneGroup<Vector256<double>, Lanes256>(config, options).Run(seeds, next, done, cancellation);
        }
        else
        {
            new LaneGroup<Vector128<double>, Lanes128>(config, options).Run(seeds, next, done, cancellation);
        }
    }
}
