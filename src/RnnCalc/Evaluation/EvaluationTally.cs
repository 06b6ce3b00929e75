using RnnCalc.Arithmetic;

namespace RnnCalc.Evaluation;

/// <summary>Counts of one worker's share of an evaluation; sums and the smallest failures merge in any order.</summary>
internal sealed class EvaluationTally
{
    public EvaluationTally(int steps, int failuresKept)
    {
        BitErrors = new long[steps];
        Failures = new FailureKeys(failuresKept);
    }

    public long Pairs { get; set; }

    public long Correct { get; set; }

    /// <summary>(T): how many pairs had each bit position wrong, least-significant first.</summary>
    public long[] BitErrors { get; }

    public FailureKeys Failures { get; }

    public void Merge(EvaluationTally other)
    {
        Pairs += other.Pairs;
        Correct += other.Correct;
        for (var t = 0; t < BitErrors.Length; t++)
        {
            BitErrors[t] += other.BitErrors[t];
        }
        Failures.Merge(other.Failures);
    }

    /// <summary>The report, failures decoded from keys a·2^N + b.</summary>
    public EvaluationReport Report(ProblemSet problems)
    {
        var mask = (1L << problems.Bits) - 1;
        var failures = new List<Problem>(Failures.Count);
        foreach (var key in Failures.Keys)
        {
            failures.Add(problems.Make(key >> problems.Bits, key & mask));
        }
        return new EvaluationReport(Pairs, Correct, BitErrors, failures);
    }
}
