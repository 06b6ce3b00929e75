using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// Shift-and-add multiplication in base 2^k where every addition is the unit's: |a|·|b| is the sum of m·|a|·2^(k·i)
/// over the base-2^k digits m ≠ 0 of |b| (the partial products), summed pairwise in a tree so each level's
/// additions are independent and run as one batch. The multiples m·|a| are made first, by the same unit: even
/// ones by shifting, odd ones as (m − 1)·|a| + |a|. k = 1 is the binary schoolbook method; larger k (chosen by
/// the length of |b|) trades 2^(k−1) additions for the multiples against k times fewer partial products.
/// Signs, shifts and picking the digits are plain logic.
/// </summary>
internal static class LongMultiplication
{
    /// <summary>The widest base tried: 2^10, with 511 odd multiples to make.</summary>
    public const int MaxDigitBits = 10;

    /// <summary>a·b; <paramref name="digitBits"/> (1 … 12) sets the base, else it is chosen for the operands' lengths.</summary>
    public static BigInteger Multiply(IArithmeticUnit unit, BigInteger a, BigInteger b, int? digitBits = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (a.IsZero || b.IsZero)
        {
            return BigInteger.Zero;
        }
        var negative = (a.Sign < 0) != (b.Sign < 0);
        var x = BigInteger.Abs(a);
        var y = BigInteger.Abs(b);
        // The additions are about (multiples + digits of y) × (width of x) steps: take the cheaper way round.
        if (Cost(y, x, digitBits) < Cost(x, y, digitBits))
        {
            (x, y) = (y, x);
        }
        var k = digitBits ?? Base((int)y.GetBitLength());
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, nameof(digitBits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 12, nameof(digitBits));
        var multiples = Multiples(unit, x, k);
        // Partial products as (value, shift): m·x·2^shift for every non-zero digit m of y, lowest first.
        var terms = new List<(BigInteger Value, int Shift)>();
        var digitMask = (BigInteger.One << k) - 1;
        var digits = (int)((y.GetBitLength() + k - 1) / k);
        for (var i = 0; i < digits; i++)
        {
            var m = (int)((y >> (i * k)) & digitMask);
            if (m != 0)
            {
                terms.Add((multiples[m], i * k));
            }
        }
        while (terms.Count > 1)
        {
            // Neighbours pair up: v1·2^s1 + v2·2^s2 = (v1 + v2·2^(s2−s1))·2^s1, one addition each, all independent.
            var pairs = new List<(BigInteger A, BigInteger B)>(terms.Count / 2);
            for (var t = 0; t + 1 < terms.Count; t += 2)
            {
                pairs.Add((terms[t].Value, terms[t + 1].Value << (terms[t + 1].Shift - terms[t].Shift)));
            }
            var sums = unit.Add(pairs);
            var next = new List<(BigInteger Value, int Shift)>((terms.Count + 1) / 2);
            for (var t = 0; t < sums.Count; t++)
            {
                next.Add((sums[t], terms[2 * t].Shift));
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

    /// <summary>Digit bits k for a multiplier of <paramref name="bits"/> bits: fewest additions, 2^(k−1) + bits/k.</summary>
    private static int Base(int bits)
    {
        var best = 1;
        for (var k = 2; k <= MaxDigitBits; k++)
        {
            if ((1 << (k - 1)) + ((double)bits / k) < (1 << (best - 1)) + ((double)bits / best))
            {
                best = k;
            }
        }
        return best;
    }

    private static double Cost(BigInteger multiplicand, BigInteger multiplier, int? digitBits)
    {
        var bits = (int)multiplier.GetBitLength();
        var k = digitBits ?? Base(bits);
        return ((1 << (k - 1)) + ((double)bits / k)) * (double)multiplicand.GetBitLength();
    }

    /// <summary>
    /// m·x for every digit m: even ones are shifts, odd ones (m − 1)·x + x by the unit, one batch per
    /// power of two (an odd m's m − 1 is a shift of a multiple from the level below).
    /// </summary>
    private static BigInteger[] Multiples(IArithmeticUnit unit, BigInteger x, int digitBits)
    {
        var count = 1 << digitBits;
        var multiples = new BigInteger[count];
        multiples[1] = x;
        for (var power = 2; power < count; power <<= 1)
        {
            var odd = new List<int>();
            var pairs = new List<(BigInteger A, BigInteger B)>();
            for (var m = power; m < 2 * power; m += 2)
            {
                multiples[m] = multiples[m / 2] << 1;
                odd.Add(m + 1);
                pairs.Add((multiples[m], x));
            }
            var sums = unit.Add(pairs);
            for (var t = 0; t < odd.Count; t++)
            {
                multiples[odd[t]] = sums[t];
            }
        }
        return multiples;
    }
}
