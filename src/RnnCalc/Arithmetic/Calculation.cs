using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>A whole expression evaluated by networks: the network's answer, the exact one, each operator, and every network run in order.</summary>
public sealed record Calculation(Expression Expression, BigInteger Result, BigInteger Exact, IReadOnlyList<CalcStep> Operations, IReadOnlyList<NetworkRun> Runs)
{
    /// <summary>True when the network's answer equals exact arithmetic.</summary>
    public bool Correct => Result == Exact;

    /// <summary>Bit steps over every run.</summary>
    public long NetworkSteps => Runs.Sum(r => (long)r.Steps);
}
