using System.Globalization;
using System.Numerics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// Operands on which the network is really wrong, as the calculator runs it (two's complement, the width the
/// operands need plus the sign-extension step): the exact result and the network's.
/// </summary>
public sealed record Counterexample(Operation Operation, BigInteger A, BigInteger B, BigInteger Exact, BigInteger Network, int Steps)
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
        return trace.Result == trace.Exact ? null : new Counterexample(operation, a, b, trace.Exact, trace.Result, trace.Steps.Count);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{A} {Operation.Symbol} {B} = {Exact}, but the network says {Network}");
}
