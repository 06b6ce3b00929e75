using System.Numerics;

namespace RnnCalc.Checker;

/// <summary>
/// Dyadic rationals n/2^50 with BigInteger numerators. Sums, differences and products of them are exact (a product is
/// n·m/2^100, held exactly); a result is brought back to 2^50 only by a shift rounded in the direction asked (BigInteger's
/// right shift floors, also for negatives), so every bound the checker derives is a proven bound, and nothing overflows.
/// </summary>
internal static class Dyadic
{
    public const int Bits = 50;

    public static readonly BigInteger One = BigInteger.One << Bits;

    /// <summary>
    /// The largest dyadic ≤ x, from a finite double. Below 2^52, x·2^50 is exact in binary floating point (a change of
    /// exponent that neither overflows nor loses bits) and so is its floor, an integer BigInteger holds exactly; from
    /// 2^52 on, x is an integer. No floating-point result is rounded.
    /// </summary>
    public static BigInteger Floor(double x) => Round(x, Math.Floor);

    /// <summary>The smallest dyadic ≥ x.</summary>
    public static BigInteger Ceiling(double x) => Round(x, Math.Ceiling);

    /// <summary>⌊x/2^bits⌋ and ⌈x/2^bits⌉.</summary>
    public static BigInteger Down(BigInteger x, int bits = Bits) => x >> bits;

    public static BigInteger Up(BigInteger x, int bits = Bits) => -(-x >> bits);

    /// <summary>⌈x/k⌉ for x ≥ 0, k > 0 (there BigInteger's x / k, which truncates, is ⌊x/k⌋).</summary>
    public static BigInteger DivideUp(BigInteger x, BigInteger k) => (x + k - 1) / k;

    private static BigInteger Round(double x, Func<double, double> direction) =>
        !double.IsFinite(x) ? throw new CertificateException("a number is not finite")
        : Math.Abs(x) >= 1L << 52 ? new BigInteger(x) << Bits
        : new BigInteger(direction(Math.ScaleB(x, Bits)));
}

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
    public static (BigInteger Lo, BigInteger Hi) Sigmoid(BigInteger x)
    {
        var (eLo, eHi) = ExpNegative(BigInteger.Abs(x));
        // 1/(1 + e) for e in [eLo, eHi]: decreasing in e.
        var aLo = (Dyadic.One << Dyadic.Bits) / (Dyadic.One + eHi);
        var aHi = Dyadic.DivideUp(Dyadic.One << Dyadic.Bits, Dyadic.One + eLo);
        return x.Sign >= 0 ? (aLo, aHi) : (Dyadic.One - aHi, Dyadic.One - aLo);
    }

    /// <summary>
    /// Bounds of e^(−a) for a dyadic a ≥ 0, as 2^−50 dyadics. Below a = 40 every value is at most about 2^62 and every
    /// product below 2^125, so Int128 holds them all exactly (its shifts floor and its division truncates as BigInteger's do).
    /// </summary>
    private static (BigInteger Lo, BigInteger Hi) ExpNegative(BigInteger a)
    {
        if (a >= 40 * Dyadic.One)
        {
            // e^(−40) < 2^−57: below one unit.
            return (0, 1);
        }
        // r = a/2^10 at 2^−62 is a·2^12/2^10 = 4a: exact.
        var r = (Int128)(a << (Fine - Dyadic.Bits - Halvings));
        Int128 sumLo = FineOne, sumHi = FineOne, termLo = FineOne, termHi = FineOne;
        for (var k = 1; k <= Terms + 1; k++)
        {
            termLo = (termLo * r >> Fine) / k;
            termHi = ((-(-(termHi * r) >> Fine)) + k - 1) / k;
            // Term 13 bounds the remainder (our rounding is already outward): it widens both ends.
            (sumLo, sumHi) = k > Terms ? (Int128.Max(0, sumLo - termHi), sumHi + termHi)
                : k % 2 == 1 ? (sumLo - termHi, sumHi - termLo) : (sumLo + termLo, sumHi + termHi);
        }
        for (var i = 0; i < Halvings; i++)
        {
            (sumLo, sumHi) = (sumLo * sumLo >> Fine, -(-(sumHi * sumHi) >> Fine));
        }
        return (Dyadic.Down(sumLo, Fine - Dyadic.Bits), Dyadic.Up(sumHi, Fine - Dyadic.Bits));
    }
}
