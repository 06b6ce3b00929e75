using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;

namespace RnnCalc.Training;

/// <summary>How a <see cref="Trainer"/> runs, besides the settings that shape the network (<see cref="TrainingConfig"/>).</summary>
public sealed record TrainerOptions
{
    /// <summary>No history, no proofs, exhaustive checks by the batched evaluator on the trainer's thread, the SIMD kernels, the optimizer's weight limit.</summary>
    public static TrainerOptions Default { get; } = new();

    /// <summary>Keep every update's error (and each check's accuracy) for the curve and the CSV.</summary>
    public bool RecordHistory { get; init; }

    /// <summary>
    /// With --until-proven: asked at every check that finds every pair right; true means proven for every length.
    /// Given by the host, so training does not depend on the verifier.
    /// </summary>
    public Func<RecurrentNetwork, Operation, bool>? Prove { get; init; }

    /// <summary>How exhaustive checks evaluate; by default the batched evaluator on the trainer's own thread (sweeps run trainers in parallel).</summary>
    public Func<RecurrentNetwork, ProblemSet, EvaluationReport> Evaluate { get; init; } =
        (network, problems) => BatchEvaluator.Exhaustive(network, problems, maxDegreeOfParallelism: 1);

    /// <summary>
    /// Checks ask only whether every pair is right, and stop at the first wrong one (<see cref="BatchEvaluator.SolvesExhaustive"/>):
    /// the same solvedAt and provenAt as full checks, but a check that fails records no accuracy. For sweeps, which
    /// need only when a run is solved; <see cref="Evaluate"/> is then not called.
    /// </summary>
    public bool SolvedOnly { get; init; }

    /// <summary>
    /// Run the scalar reference pair (<see cref="Rnn.Forward"/>, <see cref="Rnn.Backward"/>) instead of the SIMD
    /// kernels: the same weights bit for bit, slower; for measuring the kernels against and for tests.
    /// </summary>
    public bool ReferenceKernels { get; init; }

    /// <summary>The bound a weight may not pass (<see cref="Optimizer.MaxWeight"/>; tests lower it to make divergence happen).</summary>
    public double WeightLimit { get; init; } = Optimizer.MaxWeight;
}
