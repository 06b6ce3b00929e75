using System.Diagnostics;
using RnnCalc.Arithmetic;
using RnnCalc.Network.Cells;
using RnnCalc.Training;

namespace RnnCalc.Verification;

/// <summary>
/// How <see cref="Verifier.Verify"/> fares over many networks: one network trained per seed with a cell's defaults
/// (to its first solve, or for a fixed number of updates), each verified in turn on this thread, so the times are
/// one core's, in-process.
/// </summary>
internal static class VerificationSurvey
{
    /// <summary>Trains and verifies one network per seed, reporting each as it is done.</summary>
    /// <param name="cell">The cell, trained with its defaults (the tutorial's for the sigmoid cell).</param>
    /// <param name="operation">The operation learned.</param>
    /// <param name="seeds">The seeds, one network each.</param>
    /// <param name="updates">Updates to train; null trains to the first solve (capped at the default 10,000 updates).</param>
    /// <param name="options">The verifier's options.</param>
    /// <param name="onNetwork">Called after each network.</param>
    /// <param name="cancellation">Stops between steps of training and verification.</param>
    public static IReadOnlyList<SurveyNetwork> Run(
        Cell cell,
        Operation operation,
        IEnumerable<uint> seeds,
        long? updates,
        VerifyOptions options,
        Action<SurveyNetwork>? onNetwork = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(options);
        var rows = new List<SurveyNetwork>();
        foreach (var seed in seeds)
        {
            var config = TrainingConfig.For(cell) with { Seed = seed, Operation = operation, UntilSolved = updates is null, Iterations = updates ?? TrainingConfig.Tutorial.Iterations };
            var model = new Trainer(config).Run(cancellation: cancellation);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = Verifier.Verify(model.Network, operation, options, cancellation);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var row = new SurveyNetwork(seed, model.Training.Updates, model.Training.SolvedAt is not null, result, cpu);
            rows.Add(row);
            onNetwork?.Invoke(row);
        }
        return rows;
    }
}
