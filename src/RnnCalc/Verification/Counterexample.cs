using System.Globalization;
using System.Numerics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// Operands on which the network is really wrong, as the calculator runs it (two's complement, the width the
/// operands need plus the sign-extension step): the exact result and the network's, the steps that run took, and
/// the first step (0 = lowest bit) whose emitted bit is wrong.
/// </summary>
public sealed record Counterexample(Operation Operation, BigInteger A, BigInteger B, BigInteger Exact, BigInteger Network, int Steps, int FirstWrongStep)
{
    /// <summary>
    /// Operands whose low bits are <paramref name="word"/> (pairs, least-significant first) — the network's output at
    /// the word's last step is the one in question — run through the calculator; null when the network is right on them.
    /// </summary>
    public static Counterexample? FromWord(RecurrentNetwork network, Operation operation, IReadOnlyList<int> word)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(word);
        if (word.Count == 0)
        {
            return null;
        }
        BigInteger a = 0, b = 0;
        for (var t = 0; t < word.Count; t++)
        {
            a |= (BigInteger)InputPair.A(word[t]) << t;
            b |= (BigInteger)InputPair.B(word[t]) << t;
        }
        // The calculator runs max(width) + 1 steps; make sure they reach the word's last step.
        if (Math.Max(TwosComplement.Width(a), TwosComplement.Width(b)) + 1 < word.Count)
        {
            a |= BigInteger.One << word.Count;
        }
        var trace = new Calculator(new Dictionary<Operation, RecurrentNetwork> { [operation] = network }).Run(operation, a, b);
        if (trace.Result == trace.Exact)
        {
            return null;
        }
        var firstWrong = trace.Steps.First(step => !step.Correct).Step;
        return new Counterexample(operation, a, b, trace.Exact, trace.Result, trace.Steps.Count, firstWrong);
    }

    /// <summary>One line: <c>a op b = exact, but the network says result</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{A} {Operation.Symbol} {B} = {Exact}, but the network says {Network}");

    /// <summary>
    /// Where it goes wrong, counted as the calculator runs it: "first wrong at bit 27 (step 28) of the 30 steps calc
    /// runs: 29 operand bits with the sign, and its extension".
    /// </summary>
    public string WhereWrong => string.Create(
        CultureInfo.InvariantCulture,
        $"first wrong at bit {FirstWrongStep} (step {FirstWrongStep + 1}) of the {Steps} steps calc runs: {Steps - 1} operand bits with the sign, and its extension");
}
