using System.Diagnostics;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;
using RnnCalc.Random;
using RnnCalc.Training;

namespace RnnCalc.Evaluation;

/// <summary>
/// Trains exactly as the tutorial does (<see cref="ExactKernels.TrainStep"/>, bit for bit the reference trainer)
/// until the network gets every pair of its exhaustive set right, checked by <see cref="BatchEvaluator"/>, the
/// check included in the time. A check runs at every <see cref="StreakLength"/>-th update of a streak of
/// training examples the network already got right before its update, the first sign that it may be solved;
/// an unsolved network fails a check within microseconds, so checking often costs little.
/// </summary>
public static class TimeToSolve
{
    public const int StreakLength = 16;

    public static SolveResult Run(TrainingConfig config, long maxUpdates)
    {
        ArgumentNullException.ThrowIfNull(config);
        var clock = Stopwatch.StartNew();
        var problems = config.Problems;
        var random = new NumpyRandom(config.Seed);
        var network = RecurrentNetwork.Initialize(random, config.Hidden, config.InitScale, config.InitialHidden, config.Exp);
        var steps = problems.Steps;
        var sequence = new BitSequence(steps);
        var run = new Unrolling(config.Hidden, steps);
        var streak = 0;
        var checks = 0;
        for (long update = 1; update <= maxUpdates; update++)
        {
            problems.Encode(problems.Draw(random), sequence);
            ExactKernels.TrainStep(network, sequence, run, config.LearningRate);
            streak = AllRight(run, sequence) ? streak + 1 : 0;
            if (streak > 0 && streak % StreakLength == 0)
            {
                checks++;
                if (BatchEvaluator.SolvesExhaustive(network, problems))
                {
                    return new SolveResult(update, update, checks, clock.Elapsed);
                }
            }
        }
        return new SolveResult(null, maxUpdates, checks, clock.Elapsed);
    }

    /// <summary>Whether the example came out right in the forward pass before its update.</summary>
    private static bool AllRight(Unrolling run, BitSequence sequence)
    {
        for (var t = 0; t < sequence.Length; t++)
        {
            if (run.EmittedBit(t) != sequence.Target[t])
            {
                return false;
            }
        }
        return true;
    }
}
