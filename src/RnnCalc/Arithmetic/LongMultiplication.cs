using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// Shift-and-add multiplication where every addition is the unit's: |a|·|b| is the sum of |a|·2^i over the
/// set bits i of |b| (the partial products), summed pairwise in a tree so each level's additions are independent
/// and run as one batch. Signs, shifts and picking the bits are plain logic.
/// </summary>
public static class LongMultiplication
{
    public static BigInteger Multiply(IArithmeticUnit unit, BigInteger a, BigInteger b)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (a.IsZero || b.IsZero)
        {
            return BigInteger.Zero;
        }
        var negative = (a.Sign < 0) != (b.Sign < 0);
        var x = BigInteger.Abs(a);
        var y = BigInteger.Abs(b);
        // The additions cost about (set bits of the multiplier) × (width of the multiplicand) steps: take the cheaper way round.
        if (BigInteger.PopCount(x) * y.GetBitLength() < BigInteger.PopCount(y) * x.GetBitLength())
        {
            (x, y) = (y, x);
        }
        // Partial products as (value, shift): x·2^shift for every set bit of y, lowest first.
        var terms = new List<(BigInteger Value, int Shift)>();
        var bits = (int)y.GetBitLength();
        for (var i = 0; i < bits; i++)
        {
            if (!(y >> i).IsEven)
            {
                terms.Add((x, i));
            }
        }
        while (terms.Count > 1)
        {
            // Neighbours pair up: v1·2^s1 + v2·2^s2 = (v1 + v2·2^(s2−s1))·2^s1, one addition each, all independent.
            var pairs = new List<(BigInteger A, BigInteger B)>(terms.Count / 2);
            for (var k = 0; k + 1 < terms.Count; k += 2)
            {
                pairs.Add((terms[k].Value, terms[k + 1].Value << (terms[k + 1].Shift - terms[k].Shift)));
            }
            var sums = unit.Add(pairs);
            var next = new List<(BigInteger Value, int Shift)>((terms.Count + 1) / 2);
            for (var k = 0; k < sums.Count; k++)
            {
                next.Add((sums[k], terms[2 * k].Shift));
            }
            if (terms.Count % 2 == 1)
            {
                next.Add(terms[^1]);
            }
            terms = next;
        }
        var product = terms[0].Value << terms[0].Shift;
        return negative ? -product : product;
    }
}
