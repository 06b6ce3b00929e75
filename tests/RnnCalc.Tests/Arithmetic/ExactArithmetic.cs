using System.Numerics;
using RnnCalc.Arithmetic;

namespace RnnCalc.Tests.Arithmetic;

/// <summary>A perfect adder and subtracter (BigInteger), counting its batches: what the algorithms are proven against.</summary>
internal sealed class ExactArithmetic : IArithmeticUnit
{
    public int Batches { get; private set; }

    public long Pairs { get; private set; }

    public IReadOnlyList<BigInteger> Add(IReadOnlyList<(BigInteger A, BigInteger B)> pairs) => Run(pairs, (a, b) => a + b);

    public IReadOnlyList<BigInteger> Subtract(IReadOnlyList<(BigInteger A, BigInteger B)> pairs) => Run(pairs, (a, b) => a - b);

    private BigInteger[] Run(IReadOnlyList<(BigInteger A, BigInteger B)> pairs, Func<BigInteger, BigInteger, BigInteger> op)
    {
        Batches++;
        Pairs += pairs.Count;
        return [.. pairs.Select(p => op(p.A, p.B))];
    }
}
