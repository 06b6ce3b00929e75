using System.Globalization;

namespace RnnCalc.Arithmetic;

/// <summary>
/// How a problem of a training set reads to a person, without hiding what was learned: the tutorial's range runs
/// N steps, so an N-bit sum that carries out (230 + 102 = 332) is trained and checked on its low N bits only (76).
/// Every printer of training problems (train's rows, eval, the report) words them here.
/// </summary>
internal static class ProblemText
{
    /// <summary>The operand pairs of the exhaustive set: "all 0 ≤ b ≤ a &lt; 2^8" or "all a, b &lt; 2^8".</summary>
    public static string Range(ProblemSet problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Range == TrainingRange.Tutorial
            ? Invariant($"all 0 ≤ b ≤ a < 2^{problems.Bits}")
            : Invariant($"all a, b < 2^{problems.Bits}");
    }

    /// <summary>
    /// True when some exact results do not fit the steps trained: tutorial-range addition, whose N steps hold no
    /// carry out. Its targets are the results modulo 2^N.
    /// </summary>
    public static bool DropsCarryOut(ProblemSet problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var max = (1L << problems.Bits) - 1;
        return problems.Range == TrainingRange.Tutorial && problems.Operation.ExactLong(max, max) > max;
    }

    /// <summary>
    /// What the set's targets are when they are not the whole results, in one sentence; otherwise empty: "only the
    /// low 8 bits of each sum are trained and checked: the tutorial's range runs 8 steps, with none for the carry out".
    /// </summary>
    public static string Learned(ProblemSet problems) =>
        DropsCarryOut(problems)
            ? Invariant($"only the low {problems.Steps} bits of each {ResultName(problems.Operation)} are trained and checked: the tutorial's range runs {problems.Steps} steps, with none for the carry out")
            : string.Empty;

    /// <summary>
    /// The network's emitted bits (least-significant first) read as the number they stand for: two's complement
    /// when the set's results can be negative (full-range subtraction), unsigned otherwise.
    /// </summary>
    public static long Answer(ProblemSet problems, ReadOnlySpan<byte> bits)
    {
        ArgumentNullException.ThrowIfNull(problems);
        long value = 0;
        for (var t = bits.Length - 1; t >= 0; t--)
        {
            value = (value << 1) | (bits[t] & 1L);
        }
        var negative = bits.Length > 0 && bits[^1] == 1 && CanBeNegative(problems);
        return negative ? value - (1L << bits.Length) : value;
    }

    /// <summary>The number the target bits say: the exact result, or its low N bits when the set drops the carry out.</summary>
    public static long Target(ProblemSet problems, Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return DropsCarryOut(problems) ? problem.Result & ((1L << problems.Steps) - 1) : problem.Result;
    }

    /// <summary>
    /// A training row's problem with the network's <paramref name="answer"/>, as the tutorial prints it
    /// ("43 - 19 = 24"); when the exact result does not fit the steps trained, the exact result first and the
    /// network's low bits after it ("230 + 102 = 332, low 8 bits 76"), so a right answer never reads as a wrong sum.
    /// </summary>
    public static string Progress(ProblemSet problems, Problem problem, long answer)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var sum = Invariant($"{problem.A} {problems.Operation.Symbol} {problem.B}");
        return Target(problems, problem) == problem.Result
            ? Invariant($"{sum} = {answer}")
            : Invariant($"{sum} = {problem.Result}, low {problems.Steps} bits {answer}");
    }

    /// <summary>
    /// A wrong answer: "2 - 0: network 0, exact 2"; when only low bits are trained, what they should have been
    /// ("230 + 102: network 75, exact 332, low 8 bits 76").
    /// </summary>
    public static string Failure(ProblemSet problems, Problem problem, long answer)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var text = Invariant($"{problem.A} {problems.Operation.Symbol} {problem.B}: network {answer}, exact {problem.Result}");
        var target = Target(problems, problem);
        return target == problem.Result ? text : Invariant($"{text}, low {problems.Steps} bits {target}");
    }

    /// <summary>The widest <see cref="Progress"/> text of the set, so rows of them line up.</summary>
    public static int ProgressWidth(ProblemSet problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var max = (1L << problems.Bits) - 1;
        var operand = Digits(max);
        // The network may emit any bits: the widest answer is all ones, or the most negative in two's complement.
        var answer = CanBeNegative(problems) ? Digits(-(1L << (problems.Steps - 1))) : Digits((1L << problems.Steps) - 1);
        var exact = DropsCarryOut(problems) ? Invariant($"{problems.Operation.ExactLong(max, max)}, low {problems.Steps} bits ").Length : 0;
        return operand + " - ".Length + operand + " = ".Length + exact + answer;
    }

    private static int Digits(long value) => value.ToString(CultureInfo.InvariantCulture).Length;

    private static bool CanBeNegative(ProblemSet problems) =>
        problems.Range == TrainingRange.Full && problems.Operation.ExactLong(0, (1L << problems.Bits) - 1) < 0;

    private static string ResultName(Operation operation) => operation == Operation.Add ? "sum" : "result";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
