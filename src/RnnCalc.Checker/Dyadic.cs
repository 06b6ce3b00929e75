using System.Numerics;

namespace RnnCalc.Checker;

/// <summary>
/// Exact arithmetic on the dyadic rationals n/2^50 (n a 64-bit integer): products are formed exactly as 128-bit
/// integers and every result that needs rounding is rounded in the direction asked (floor or ceiling), so each
/// bound the checker derives is a proven bound. Overflow throws rather than wraps (all arithmetic is checked).
/// </summary>
internal static class Dyadic
{
    public const int Bits = 50;

    public const long One = 1L << Bits;

    /// <summary>The largest dyadic ≤ x (x an exact double; finite).</summary>
    public static long Floor(double x) => checked((long)Shift(x, floor: true));

    /// <summary>The smallest dyadic ≥ x.</summary>
    public static long Ceiling(double x) => checked((long)Shift(x, floor: false));

    /// <summary>⌊a·b⌋ and ⌈a·b⌉ of two dyadics.</summary>
    public static long MulFloor(long a, long b) => Narrow(Math.BigMul(a, b), floor: true);

    public static long MulCeiling(long a, long b) => Narrow(Math.BigMul(a, b), floor: false);

    /// <summary>A 2^100-scaled exact product or sum brought back to 2^50, rounded as asked.</summary>
    public static long Narrow(Int128 wide, bool floor)
    {
        var q = wide >> Bits;
        if (!floor && (wide & (One - 1)) != 0)
        {
            q++;
        }
        return checked((long)q);
    }

    /// <summary>x·2^50 rounded as asked, from the double's exact bits (no floating-point operation).</summary>
    private static BigInteger Shift(double x, bool floor)
    {
        if (!double.IsFinite(x))
        {
            throw new CertificateException("a number is not finite");
        }
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        BigInteger mantissa = bits & ((1L << 52) - 1);
        if (exponent != 0)
        {
            mantissa += 1L << 52;
        }
        // |x| = mantissa · 2^(e − 1075), so |x|·2^50 = mantissa · 2^(e − 1025).
        var scale = Math.Max(exponent, 1) - 1075 + Bits;
        var negative = bits < 0;
        BigInteger magnitude;
        bool inexact;
        if (scale >= 0)
        {
            magnitude = mantissa << scale;
            inexact = false;
        }
        else
        {
            magnitude = mantissa >> -scale;
            inexact = (magnitude << -scale) != mantissa;
        }
        // Truncation went toward zero; step away from zero where the direction asks for it.
        if (inexact && negative == floor)
        {
            magnitude += 1;
        }
        return negative ? -magnitude : magnitude;
    }
}
