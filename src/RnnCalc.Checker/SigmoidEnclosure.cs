namespace RnnCalc.Checker;

/// <summary>
/// Proven bounds on σ(x) = 1/(1 + e^(−x)) at a dyadic x. Only e^(−a) for a = |x| ≥ 0 is needed (σ(−x) = 1 − σ(x)).
/// Argument reduction is exact: r = a/2^10 is a dyadic (a shift), e^(−r) comes from its Taylor series, whose terms
/// alternate and shrink (r &lt; 1/16), so the first omitted term bounds the remainder; then e^(−a) = (e^(−r))^(2^10)
/// by ten squarings, each rounded outward. Work is done at 2^−62 and rounded outward to 2^−50.
/// </summary>
internal static class SigmoidEnclosure
{
    private const int Fine = 62;
    private const int Halvings = 10;
    private const int Terms = 12;
    private static readonly Int128 FineOne = Int128.One << Fine;

    /// <summary>Lower and upper bounds (2^−50 dyadics) of σ(x).</summary>
    public static (long Lo, long Hi) Sigmoid(long x)
    {
        var (eLo, eHi) = ExpNegative(Math.Abs(x));
        // 1/(1 + e) for e in [eLo, eHi]: decreasing in e.
        var aLo = Reciprocal(eHi, floor: true);
        var aHi = Reciprocal(eLo, floor: false);
        return x >= 0 ? (aLo, aHi) : (Dyadic.One - aHi, Dyadic.One - aLo);
    }

    /// <summary>A lower bound of σ'(t) = σ(t)(1 − σ(t)) for t in [l, u]: σ' peaks at 0, so it is smallest at an end.</summary>
    public static long SlopeLowerBound((long Lo, long Hi) atL, (long Lo, long Hi) atU)
    {
        // s(1 − s) is concave in s, so over an interval of s it is smallest at an end of that interval.
        var least = long.MaxValue;
        foreach (var s in new[] { atL.Lo, atL.Hi, atU.Lo, atU.Hi })
        {
            least = Math.Min(least, Dyadic.MulFloor(s, Dyadic.One - s));
        }
        return Math.Max(0, least);
    }

    /// <summary>⌊1/(1 + e)⌋ or ⌈1/(1 + e)⌉ for a dyadic e ≥ 0.</summary>
    private static long Reciprocal(long e, bool floor)
    {
        var numerator = Int128.One << (2 * Dyadic.Bits);
        var denominator = (Int128)Dyadic.One + e;
        var q = numerator / denominator;
        if (!floor && q * denominator != numerator)
        {
            q++;
        }
        return (long)q;
    }

    /// <summary>Bounds of e^(−a) for a dyadic a ≥ 0, as 2^−50 dyadics.</summary>
    private static (long Lo, long Hi) ExpNegative(long a)
    {
        if (a >= 40 * Dyadic.One)
        {
            // e^(−40) < 2^−57: below one unit.
            return (0, 1);
        }
        // r = a/2^10 at 2^−62 is a·2^12/2^10 = 4a: exact.
        var r = (Int128)a << (Fine - Dyadic.Bits - Halvings);
        Int128 sumLo = FineOne, sumHi = FineOne;
        Int128 termLo = FineOne, termHi = FineOne;
        for (var k = 1; k <= Terms; k++)
        {
            termLo = (termLo * r >> Fine) / k;
            termHi = CeilingDivide(CeilingShift(termHi * r), k);
            if (k % 2 == 1)
            {
                (sumLo, sumHi) = (sumLo - termHi, sumHi - termLo);
            }
            else
            {
                (sumLo, sumHi) = (sumLo + termLo, sumHi + termHi);
            }
        }
        // The remainder is at most the next term, r^13/13! (and our rounding is already outward).
        var next = CeilingDivide(CeilingShift(termHi * r), Terms + 1);
        (sumLo, sumHi) = (Int128.Max(0, sumLo - next), sumHi + next);
        for (var i = 0; i < Halvings; i++)
        {
            (sumLo, sumHi) = (sumLo * sumLo >> Fine, CeilingShift(sumHi * sumHi));
        }
        const int drop = Fine - Dyadic.Bits;
        return ((long)(sumLo >> drop), (long)CeilingShiftBy(sumHi, drop));
    }

    private static Int128 CeilingShift(Int128 x) => CeilingShiftBy(x, Fine);

    private static Int128 CeilingShiftBy(Int128 x, int bits) => -((-x) >> bits);

    private static Int128 CeilingDivide(Int128 x, int k) => (x + k - 1) / k;
}
