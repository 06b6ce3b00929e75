using System.Runtime.Intrinsics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Evaluation;

/// <summary>
/// <see cref="Evaluator"/>'s reports, computed many sequences at a time: the same counts, bit errors and first
/// failures in the same order, bit for bit the same arithmetic. Exhaustive sets walk the tree of low bits (a
/// state after k steps is shared by every pair with the same low k bits), vector lanes across its nodes, on all
/// cores for large sets; other sets run lanes across problems. Results never depend on the core count.
/// </summary>
internal static class BatchEvaluator
{
    /// <summary>Below this many pairs one core is faster than waking others.</summary>
    private const long ParallelFrom = 20_000;

    /// <summary>Same result as <see cref="Evaluator.Exhaustive"/>.</summary>
    public static EvaluationReport Exhaustive(RecurrentNetwork network, ProblemSet problems, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problems);
        var tally = Walk(network, problems, stopAtFirstFailure: false, maxDegreeOfParallelism);
        return tally is null ? Evaluator.Exhaustive(network, problems) : tally.Report(problems);
    }

    /// <summary>
    /// True when every pair of the exhaustive set is right. Stops at the first wrong bit anywhere, which for an
    /// unsolved network usually comes within microseconds, so by default it uses one core: waking others costs more.
    /// </summary>
    public static bool SolvesExhaustive(RecurrentNetwork network, ProblemSet problems, int maxDegreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problems);
        var tally = Walk(network, problems, stopAtFirstFailure: true, maxDegreeOfParallelism);
        return tally is null ? Evaluator.SolvesExhaustive(network, problems) : tally.Pairs == problems.ExhaustiveCount && tally.Correct == tally.Pairs;
    }

    /// <summary>Same result as <see cref="Evaluator.Evaluate"/> for any set, lanes across its problems.</summary>
    public static EvaluationReport Evaluate(RecurrentNetwork network, ProblemSet problems, IEnumerable<Problem> set, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(set);
        var list = set as IReadOnlyList<Problem> ?? [.. set];
        if (!ExactKernels.Serves(network.Cell))
        {
            // The lane kernels are the tutorial cell's; other cells run their reference step, problem by problem.
            return Evaluator.Evaluate(network, problems, list);
        }
        var wrong = new ulong[list.Count];
        SequenceBatches.WrongBits(network, problems, list, wrong, maxDegreeOfParallelism);
        var steps = problems.Steps;
        var bitErrors = new long[steps];
        var failures = new List<Problem>();
        long correct = 0;
        for (var k = 0; k < wrong.Length; k++)
        {
            var mask = wrong[k];
            if (mask == 0)
            {
                correct++;
                continue;
            }
            for (var t = 0; t < steps; t++)
            {
                bitErrors[t] += (long)((mask >> t) & 1);
            }
            if (failures.Count < Evaluator.MaxFailuresKept)
            {
                failures.Add(list[k]);
            }
        }
        return new EvaluationReport(list.Count, correct, bitErrors, failures);
    }

    /// <summary>The walk at the widest accelerated width, or null when the set is too small for it.</summary>
    private static EvaluationTally? Walk(RecurrentNetwork network, ProblemSet problems, bool stopAtFirstFailure, int maxDegreeOfParallelism)
    {
        // The walk starts at depth 2 (16 roots) and needs at least one level below: smaller sets go one by one.
        const int rootDepth = 2;
        if (problems.Bits <= rootDepth || !ExactKernels.Serves(network.Cell))
        {
            return null;
        }
        if (Vector512.IsHardwareAccelerated)
        {
            return Walk<Vector512<double>, Lanes512>(network, problems, rootDepth, stopAtFirstFailure, maxDegreeOfParallelism);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            return Walk<Vector256<double>, Lanes256>(network, problems, rootDepth, stopAtFirstFailure, maxDegreeOfParallelism);
        }
        return Vector128.IsHardwareAccelerated
            ? Walk<Vector128<double>, Lanes128>(network, problems, rootDepth, stopAtFirstFailure, maxDegreeOfParallelism)
            : null;
    }

    internal static EvaluationTally Walk<TVector, TLanes>(RecurrentNetwork network, ProblemSet problems, int rootDepth, bool stopAtFirstFailure, int maxDegreeOfParallelism)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var setup = new ExhaustiveSetup(network, problems, rootDepth, stopAtFirstFailure);
        var groups = setup.Roots.Count / TLanes.Count;
        // Split each group by its next digits into enough pieces to share out, keeping a level below the split.
        var prefixLength = Math.Clamp(problems.Steps - rootDepth - 1, 0, 2);
        var pieces = 1 << (2 * prefixLength);
        var total = new EvaluationTally(problems.Steps, Evaluator.MaxFailuresKept);
        var cores = problems.ExhaustiveCount < ParallelFrom ? 1 : maxDegreeOfParallelism;
        var tallies = WorkSharing.Run(
            groups * pieces,
            cores,
            () => new PrefixWalker<TVector, TLanes>(setup),
            (walker, item) => walker.Walk(item / pieces, prefixLength, item % pieces));
        foreach (var tally in tallies)
        {
            total.Merge(tally);
        }
        return total;
    }
}
