using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// One operator of a calculation: its operands as the networks computed them, the networks' result, the exact
/// result for those operands, where the operator stands in the text, and the network runs it took.
/// </summary>
public sealed record CalcStep(BinaryOperator Operator, BigInteger A, BigInteger B, BigInteger Result, BigInteger Exact, int Position, IReadOnlyList<NetworkRun> Runs)
{
    /// <summary>True when the networks' result of this operator equals the exact one.</summary>
    public bool Correct => Result == Exact;

    /// <summary>Bit steps over all of this operator's runs.</summary>
    public long NetworkSteps => Runs.Sum(r => (long)r.Steps);
}
