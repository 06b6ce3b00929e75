using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// Schoolbook long division in base 2^k (k up to <see cref="MaxDigitBits"/>, by the quotient's length) where every trial subtraction is the unit's
/// and the sign of the unit's own result decides each quotient digit. The remainder so far, shifted up by the
/// dividend's next digit, is R; the digit is the largest m with R − m·d ≥ 0, which the unit's differences pin
/// down: one of them not negative (m is at least that) and the one for m + 1 negative (m is less), that
/// difference being the new remainder. As on paper, the leading digits guess which m to try first — here the top
/// 40 bits of R and d divided as ordinary machine integers — but only the network's signs decide; a wrong guess
/// costs another batch of trials, never a wrong digit. The divisor's multiples m·d are made once: even ones by
/// shifting, odd ones as differences by the unit (3d = 4d − d, 5d = 8d − 3d, 7d = 8d − d, …). Signs, shifts and
/// choosing digits are plain logic; a digit whose R is shorter than d is 0 without a trial.
/// / truncates toward zero and % takes the dividend's sign, as <see cref="BigInteger.DivRem(BigInteger, BigInteger)"/>.
/// </summary>
internal static class LongDivision
{
    /// <summary>The widest base tried: 2^10, with 511 odd multiples to make.</summary>
    public const int MaxDigitBits = 10;

    /// <summary>Bits of R and d the guess looks at.</summary>
    private const int GuessBits = 40;

    /// <summary>Trials per batch: the guess and the one above it, which nearly always settle the digit.</summary>
    private const int Window = 2;

    /// <summary>a / b and a % b; <paramref name="digitBits"/> (1 … 12) sets the base, else it is chosen for the quotient's length.</summary>
    public static (BigInteger Quotient, BigInteger Remainder) DivRem(IArithmeticUnit unit, BigInteger a, BigInteger b, int? digitBits = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (b.IsZero)
        {
            throw new DivideByZeroException();
        }
        var x = BigInteger.Abs(a);
        var d = BigInteger.Abs(b);
        var dBits = (int)d.GetBitLength();
        var k = digitBits ?? Base((int)x.GetBitLength() - dBits + 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, nameof(digitBits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 12, nameof(digitBits));
        return DivRem(unit, a, b, x, d, dBits, k);
    }

    /// <summary>
    /// Digit bits k for a quotient of about <paramref name="quotientBits"/> bits: the 2^(k−1) multiples run a vector
    /// at a time (measured: about three in the time of one digit's two trials), the digits one after another, so
    /// minimise 2^(k−1)/3 + bits/k.
    /// </summary>
    private static int Base(int quotientBits)
    {
        var best = 1;
        for (var k = 2; k <= MaxDigitBits; k++)
        {
            if ((1 << (k - 1)) / 3.0 + ((double)quotientBits / k) < (1 << (best - 1)) / 3.0 + ((double)quotientBits / best))
            {
                best = k;
            }
        }
        return best;
    }

    private static (BigInteger Quotient, BigInteger Remainder) DivRem(IArithmeticUnit unit, BigInteger a, BigInteger b, BigInteger x, BigInteger d, int dBits, int digitBits)
    {
        var digitMask = (BigInteger.One << digitBits) - 1;
        var digits = (int)((x.GetBitLength() + digitBits - 1) / digitBits);
        BigInteger[]? multiples = null;
        var remainder = BigInteger.Zero;
        var quotient = BigInteger.Zero;
        for (var i = digits - 1; i >= 0; i--)
        {
            var r = (remainder << digitBits) | ((x >> (i * digitBits)) & digitMask);
            var digit = 0;
            if (r.GetBitLength() >= dBits)
            {
                multiples ??= Multiples(unit, d, digitBits);
                (digit, r) = Digit(unit, r, d, dBits, multiples);
            }
            remainder = r;
            quotient = (quotient << digitBits) | digit;
        }
        return (
            a.Sign < 0 != b.Sign < 0 ? -quotient : quotient,
            a.Sign < 0 ? -remainder : remainder);
    }

    /// <summary>
    /// The largest m with r − m·d not negative by the unit's signs, and that difference. Invariant: m ≥ low (r − low·d
    /// was not negative, or low = 0) and m &lt; high (r − high·d was negative, or high = 2^k); each batch narrows it.
    /// </summary>
    private static (int Digit, BigInteger Remainder) Digit(IArithmeticUnit unit, BigInteger r, BigInteger d, int dBits, BigInteger[] multiples)
    {
        var low = 0;
        var high = multiples.Length;
        var lowDifference = r;
        var guess = Guess(r, d, dBits, multiples.Length - 1);
        var trials = new List<(BigInteger A, BigInteger B)>(Window);
        var tried = new List<int>(Window);
        while (high - low > 1)
        {
            // The window: up to Window candidates in (low, high), starting at the guess.
            var first = Math.Clamp(guess, low + 1, Math.Max(low + 1, high - Window));
            trials.Clear();
            tried.Clear();
            for (var m = first; m < high && tried.Count < Window; m++)
            {
                tried.Add(m);
                trials.Add((r, multiples[m]));
            }
            var differences = unit.Subtract(trials);
            for (var k = 0; k < tried.Count; k++)
            {
                if (differences[k].Sign >= 0)
                {
                    if (tried[k] > low)
                    {
                        (low, lowDifference) = (tried[k], differences[k]);
                    }
                }
                else if (tried[k] > low)
                {
                    high = Math.Min(high, tried[k]);
                    break;
                }
            }
            // Nothing settled yet: look below the window if it was all too big, above it if all fitted.
            guess = high <= first ? Math.Max(low + 1, first - Window) : low + 1;
        }
        return (low, lowDifference);
    }

    /// <summary>⌊R / d⌋ from their top bits, clamped to a digit: where the trials start, nothing more.</summary>
    private static int Guess(BigInteger r, BigInteger d, int dBits, int maxDigit)
    {
        var shift = Math.Max(0, dBits - GuessBits);
        var top = r >> shift;
        // Past a digit only after a wrong network (the remainder stays below d when the differences are right).
        return top.GetBitLength() > 63 ? maxDigit : (int)Math.Min((ulong)top / (ulong)(d >> shift), (ulong)maxDigit);
    }

    /// <summary>m·d for m = 0 … 2^k − 1: even ones are shifts, odd ones 2^j·d − (2^j − m)·d by the unit, batched by level.</summary>
    private static BigInteger[] Multiples(IArithmeticUnit unit, BigInteger d, int digitBits)
    {
        var count = 1 << digitBits;
        var multiples = new BigInteger[count];
        if (count > 1)
        {
            multiples[1] = d;
        }
        // Level j holds m in [2^(j−1), 2^j): an odd one needs (2^j − m)·d, which is below 2^(j−1)·d and so already made.
        for (var power = 2; power < count; power <<= 1)
        {
            var odd = new List<int>();
            var pairs = new List<(BigInteger A, BigInteger B)>();
            for (var m = power; m < 2 * power; m++)
            {
                if (m % 2 == 0)
                {
                    multiples[m] = multiples[m / 2] << 1;
                }
                else
                {
                    odd.Add(m);
                    pairs.Add((d << (BitLength(m)), multiples[(1 << BitLength(m)) - m]));
                }
            }
            var differences = unit.Subtract(pairs);
            for (var k = 0; k < odd.Count; k++)
            {
                multiples[odd[k]] = differences[k];
            }
        }
        return multiples;
    }

    private static int BitLength(int m) => 32 - BitOperations.LeadingZeroCount((uint)m);
}
