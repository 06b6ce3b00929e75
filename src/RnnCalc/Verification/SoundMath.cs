namespace RnnCalc.Verification;

/// <summary>
/// Directed rounding and sigmoid bounds. Every bound here encloses both the exact real value and the value the
/// network computes in floating point (its own rounding, and NumpyExp or Math.Exp inside the sigmoid).
/// </summary>
internal static class SoundMath
{
    /// <summary>Unit roundoff of double (round to nearest).</summary>
    public const double Unit = 1.0 / (1L << 53);

    /// <summary>Relative error allowed for any computed sigmoid against the true one (either exp is within a few ulps).</summary>
    public const double SigmoidRelative = 1e-14;

    /// <summary>Relative inflation applied to sums of non-negative error terms (covers their own rounding for up to thousands of terms).</summary>
    public const double SumInflation = 1e-12;

    public static double Down(double x) => Math.BitDecrement(x);

    public static double Up(double x) => Math.BitIncrement(x);

    /// <summary>γₖ = k·u/(1 − k·u): bounds the relative rounding error of a k-term dot product (Higham).</summary>
    public static double Gamma(int terms) => terms * Unit / (1 - (terms * Unit));

    /// <summary>A non-negative error bound made safe against its own rounding.</summary>
    public static double Inflate(double bound) => Up((bound * (1 + SumInflation)) + double.Epsilon);

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>A number ≤ σ(t) and ≤ the network's computed σ(t) for every t ≥ z.</summary>
    public static double SigmoidLower(double z)
    {
        if (double.IsNaN(z))
        {
            return 0;
        }
        var s = Down(Sigmoid(z) * (1 - SigmoidRelative));
        return s < 0 ? 0 : s;
    }

    /// <summary>A number ≥ σ(t) and ≥ the network's computed σ(t) for every t ≤ z.</summary>
    public static double SigmoidUpper(double z)
    {
        if (double.IsNaN(z))
        {
            return 1;
        }
        var s = Up(Sigmoid(z) * (1 + SigmoidRelative));
        return s > 1 ? 1 : s;
    }

    /// <summary>Absolute slack for the network's <c>Math.Tanh</c> against the true tanh (the C library's is within a few ulps of a value ≤ 1).</summary>
    private const double TanhSlack = 1e-15;

    /// <summary>
    /// A number ≤ tanh(t) and ≤ the network's computed <c>Math.Tanh(t)</c> for every t ≥ z: built on the sigmoid's
    /// bound through tanh(z) = 2σ(2z) − 1 (2z is exact, or infinite where the bound is still right).
    /// </summary>
    public static double TanhLower(double z)
    {
        var t = Down(Down(Down(2 * SigmoidLower(2 * z)) - 1) - TanhSlack);
        return t < -1 ? -1 : t;
    }

    /// <summary>A number ≥ tanh(t) and ≥ the network's computed <c>Math.Tanh(t)</c> for every t ≤ z.</summary>
    public static double TanhUpper(double z)
    {
        var t = Up(Up(Up(2 * SigmoidUpper(2 * z)) - 1) + TanhSlack);
        return t > 1 ? 1 : t;
    }
}
