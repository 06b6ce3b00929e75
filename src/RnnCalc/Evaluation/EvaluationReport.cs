using RnnCalc.Arithmetic;

namespace RnnCalc.Evaluation;

/// <summary>
/// How a network did on a set of problems: how many were exactly right, how often each bit position was
/// wrong (least-significant first), and the first few failures in the set's order.
/// </summary>
public sealed record EvaluationReport(long Pairs, long Correct, long[] BitErrors, IReadOnlyList<Problem> FirstFailures)
{
    /// <summary>The fraction of pairs answered right, 0 to 1 (1 for no pairs).</summary>
    public double Accuracy => Pairs == 0 ? 1 : (double)Correct / Pairs;

    /// <summary>True when every pair was answered right.</summary>
    public bool AllCorrect => Correct == Pairs;
}
