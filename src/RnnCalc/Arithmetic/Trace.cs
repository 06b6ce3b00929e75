using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>One operation done by the network, bit by bit: operands, the network's result, the exact one, and every step.</summary>
public sealed record Trace(Operation Operation, BigInteger A, BigInteger B, BigInteger Result, BigInteger Exact, IReadOnlyList<BitStep> Steps)
{
    /// <summary>True when the network's result equals the exact one.</summary>
    public bool Correct => Result == Exact;
}
