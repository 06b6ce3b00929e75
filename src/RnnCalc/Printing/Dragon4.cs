using System.Globalization;
using System.Numerics;
using System.Text;

namespace RnnCalc.Printing;

/// <summary>
/// numpy's float-to-decimal conversion (Steele &amp; White / Burger &amp; Dybvig "Dragon4", as numpy 1.24
/// runs it): exact big-integer digit generation, so ties and shortest-digit choices match numpy's.
/// </summary>
internal static class Dragon4
{
    /// <summary>
    /// Decimal digits of a finite, non-negative double; <paramref name="firstDigitExponent"/> is the power of ten
    /// of the first digit. Digits stop once they identify the value uniquely (but not before the
    /// <paramref name="minDigits"/> cutoff) or at the <paramref name="maxDigits"/> cutoff, where the exact value is
    /// rounded half to even. A cutoff counts digits after the point when <paramref name="fractional"/>, else
    /// significant digits; -1 means none.
    /// </summary>
    public static string Digits(double value, bool fractional, int maxDigits, int minDigits, out int firstDigitExponent)
    {
        var bits = BitConverter.DoubleToInt64Bits(value) & long.MaxValue;
        var biasedExponent = (int)(bits >> 52);
        var fraction = bits & ((1L << 52) - 1);
        if (biasedExponent == 0 && fraction == 0)
        {
            firstDigitExponent = 0;
            return "0";
        }

        // A normal double is (2^52 + fraction) * 2^(e - 1075); subnormals have no hidden bit and a fixed exponent.
        var mantissa = biasedExponent == 0 ? fraction : fraction | (1L << 52);
        var binaryExponent = biasedExponent == 0 ? -1074 : biasedExponent - 1075;
        // At a power of two the gap to the next double below is half the gap above, so the margins differ.
        var unequalMargins = biasedExponent > 1 && fraction == 0;
        var mantissaIsEven = (mantissa & 1) == 0;

        // value = scaledValue / scale; each margin is half the gap to a neighbouring double, over the same scale.
        var marginFactor = unequalMargins ? 4 : 2;
        BigInteger scaledValue = mantissa * (long)marginFactor;
        BigInteger scale = marginFactor;
        BigInteger marginLow = BigInteger.One;
        if (binaryExponent > 0)
        {
            scaledValue <<= binaryExponent;
            marginLow <<= binaryExponent;
        }
        else
        {
            scale <<= -binaryExponent;
        }

        var digitExponent = DecimalLength(scaledValue, scale, value);
        if (fractional && maxDigits >= 0 && digitExponent <= -maxDigits)
        {
            // Start at the cutoff place so a value too small to show still rounds there.
            digitExponent = -maxDigits + 1;
        }

        if (digitExponent > 0)
        {
            scale *= BigInteger.Pow(10, digitExponent);
        }
        else if (digitExponent < 0)
        {
            var power = BigInteger.Pow(10, -digitExponent);
            scaledValue *= power;
            marginLow *= power;
        }

        // Now value / 10^digitExponent < 1; one multiply by ten puts the first digit in the integer part.
        scaledValue *= 10;
        marginLow *= 10;

        var cutoffMaxExponent = int.MinValue;
        if (maxDigits >= 0)
        {
            cutoffMaxExponent = fractional ? -maxDigits : digitExponent - maxDigits;
        }
        var cutoffMinExponent = digitExponent;
        if (minDigits >= 0)
        {
            cutoffMinExponent = Math.Min(digitExponent, fractional ? -minDigits : digitExponent - minDigits);
        }
        firstDigitExponent = digitExponent - 1;

        var digits = new StringBuilder(24);
        int digit;
        bool low, high;
        while (true)
        {
            digitExponent--;
            digit = (int)BigInteger.DivRem(scaledValue, scale, out scaledValue);
            var marginHigh = unequalMargins ? marginLow * 2 : marginLow;
            // On an even mantissa a decimal exactly on the midpoint still reads back as this double.
            var lowCompare = scaledValue.CompareTo(marginLow);
            var highCompare = (scaledValue + marginHigh).CompareTo(scale);
            low = mantissaIsEven ? lowCompare <= 0 : lowCompare < 0;
            high = mantissaIsEven ? highCompare >= 0 : highCompare > 0;
            if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent == cutoffMaxExponent)
            {
                break;
            }
            digits.Append((char)('0' + digit));
            scaledValue *= 10;
            marginLow *= 10;
        }

        var roundDown = low;
        if (low == high)
        {
            // Both or neither neighbour-free: round the exact remainder to nearest, ties to an even digit.
            var half = (scaledValue * 2).CompareTo(scale);
            roundDown = half < 0 || (half == 0 && digit % 2 == 0);
        }

        if (roundDown)
        {
            digits.Append((char)('0' + digit));
        }
        else if (digit < 9)
        {
            digits.Append((char)('0' + digit + 1));
        }
        else
        {
            // Carry through trailing nines; a carry out of the first digit becomes a leading 1 one place higher.
            while (digits.Length > 0 && digits[^1] == '9')
            {
                digits.Length--;
            }
            if (digits.Length == 0)
            {
                digits.Append('1');
                firstDigitExponent++;
            }
            else
            {
                digits[^1]++;
            }
        }
        return digits.ToString();
    }

    /// <summary>
    /// numpy's format_float_positional(x, precision, unique=True, fractional=True, trim, pad_left, pad_right,
    /// min_digits) for finite x; trim is 'k' when <paramref name="trimZeros"/> is false, else '.'.
    /// </summary>
    public static string Positional(double x, int precision, int minDigits, bool trimZeros, int padLeft, int padRight)
    {
        var digits = Digits(Math.Abs(x), fractional: true, precision, minDigits, out var printExponent);
        var text = new StringBuilder(32);
        var hasSign = double.IsNegative(x);
        if (hasSign)
        {
            text.Append('-');
        }

        int wholeDigits;
        int fractionDigits;
        if (printExponent >= 0)
        {
            wholeDigits = printExponent + 1;
            if (digits.Length <= wholeDigits)
            {
                text.Append(digits).Append('0', wholeDigits - digits.Length);
                fractionDigits = 0;
            }
            else
            {
                text.Append(digits, 0, wholeDigits).Append('.').Append(digits, wholeDigits, digits.Length - wholeDigits);
                fractionDigits = digits.Length - wholeDigits;
            }
        }
        else
        {
            var leadingZeros = -(printExponent + 1);
            text.Append("0.").Append('0', leadingZeros).Append(digits);
            wholeDigits = 1;
            fractionDigits = leadingZeros + digits.Length;
        }

        if (fractionDigits == 0)
        {
            text.Append('.');
        }
        if (!trimZeros && minDigits > fractionDigits)
        {
            text.Append('0', minDigits - fractionDigits);
            fractionDigits = minDigits;
        }
        if (trimZeros)
        {
            while (fractionDigits > 0 && text[^1] == '0')
            {
                text.Length--;
                fractionDigits--;
            }
        }

        if (padRight > fractionDigits)
        {
            text.Append(' ', padRight - fractionDigits);
        }
        var leftWidth = wholeDigits + (hasSign ? 1 : 0);
        if (padLeft > leftWidth)
        {
            text.Insert(0, " ", padLeft - leftWidth);
        }
        return text.ToString();
    }

    /// <summary>
    /// numpy's format_float_scientific(x, precision, unique=True, trim, pad_left, exp_digits, min_digits) for
    /// finite x; trim is 'k' when <paramref name="trimZeros"/> is false, else '.'; exponents get at least
    /// <paramref name="exponentDigits"/> digits (two when it is -1).
    /// </summary>
    public static string Scientific(double x, int precision, int minDigits, bool trimZeros, int padLeft, int exponentDigits)
    {
        var digits = Digits(
            Math.Abs(x),
            fractional: false,
            precision < 0 ? -1 : precision + 1,
            minDigits < 0 ? -1 : minDigits + 1,
            out var printExponent);
        var text = new StringBuilder(32);
        var hasSign = double.IsNegative(x);
        var leftWidth = hasSign ? 2 : 1;
        if (padLeft > leftWidth)
        {
            text.Append(' ', padLeft - leftWidth);
        }
        if (hasSign)
        {
            text.Append('-');
        }

        text.Append(digits[0]).Append('.').Append(digits, 1, digits.Length - 1);
        var fractionDigits = digits.Length - 1;
        if (!trimZeros && minDigits > fractionDigits)
        {
            text.Append('0', minDigits - fractionDigits);
        }
        if (trimZeros)
        {
            while (fractionDigits > 0 && text[^1] == '0')
            {
                text.Length--;
                fractionDigits--;
            }
        }

        text.Append('e').Append(printExponent < 0 ? '-' : '+');
        var exponentText = Math.Abs(printExponent).ToString(CultureInfo.InvariantCulture);
        text.Append('0', Math.Max(exponentDigits < 0 ? 2 : exponentDigits, exponentText.Length) - exponentText.Length);
        text.Append(exponentText);
        return text.ToString();
    }

    /// <summary>The k with 10^(k-1) &lt;= scaledValue/scale &lt; 10^k, from a float estimate corrected exactly.</summary>
    private static int DecimalLength(BigInteger scaledValue, BigInteger scale, double value)
    {
        var k = (int)Math.Floor(Math.Log10(value)) + 1;
        while (Compare(scaledValue, scale, k) >= 0)
        {
            k++;
        }
        while (Compare(scaledValue, scale, k - 1) < 0)
        {
            k--;
        }
        return k;
    }

    /// <summary>Sign of scaledValue/scale - 10^k.</summary>
    private static int Compare(BigInteger scaledValue, BigInteger scale, int k) => k >= 0
        ? scaledValue.CompareTo(scale * BigInteger.Pow(10, k))
        : (scaledValue * BigInteger.Pow(10, -k)).CompareTo(scale);
}
