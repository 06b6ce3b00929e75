using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>A whole expression evaluated left to right by networks: the network's answer, the exact one, each operation.</summary>
public sealed record Calculation(Expression Expression, BigInteger Result, BigInteger Exact, IReadOnlyList<Trace> Operations)
{
    /// <summary>True when the network's answer equals exact arithmetic.</summary>
    public bool Correct => Result == Exact;
}
