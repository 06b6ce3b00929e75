using System.Diagnostics;
using RnnCalc.Training;

namespace RnnCalc.Evaluation;

/// <summary>
/// How long it takes to solve: exactly what <c>train --until-solved</c> runs (the same <see cref="Trainer"/>, the
/// same checks), timed, so <c>bench</c>'s figure and the solvedAt it reports are the ones a user sees.
/// </summary>
internal static class TimeToSolve
{
    public static SolveResult Run(TrainingConfig config, long maxUpdates)
    {
        ArgumentNullException.ThrowIfNull(config);
        var clock = Stopwatch.StartNew();
        var trainer = new Trainer(config with { UntilSolved = true, Iterations = maxUpdates });
        var model = trainer.Run();
        return new SolveResult(model.Training.SolvedAt, model.Training.Updates, trainer.Checks, clock.Elapsed);
    }
}
