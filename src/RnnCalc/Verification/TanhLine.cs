namespace RnnCalc.Verification;

/// <summary>
/// Encloses tanh on an interval between two parallel lines, as <see cref="SigmoidLine"/> does the sigmoid: λ is at
/// most the smallest slope tanh' = 4σ'(2z) takes on [l, u] (at an end, since it peaks at 0), so tanh(z) − λz never
/// decreases there and its ends bound it. The bounds hold for the network's <c>Math.Tanh</c> too.
/// </summary>
internal static class TanhLine
{
    /// <summary>λ is shrunk by this much, so that it stays below the true smallest slope despite our rounding.</summary>
    private const double SlopeShrink = 1e-9;

    public static (double Slope, double Lo, double Hi) Enclose(double l, double u)
    {
        if (!double.IsFinite(l) || !double.IsFinite(u) || !(u - l > 1e-12))
        {
            return (0, SoundMath.TanhLower(l), SoundMath.TanhUpper(u));
        }
        var slope = Math.Min(Slope(l), Slope(u)) * (1 - SlopeShrink);
        if (!(slope >= 0 && slope < 1))
        {
            slope = 0;
        }
        var lo = SoundMath.Down(SoundMath.TanhLower(l) - SoundMath.Up(slope * l));
        var hi = SoundMath.Up(SoundMath.TanhUpper(u) - SoundMath.Down(slope * u));
        return (slope, lo, hi);
    }

    /// <summary>tanh'(z) = 4e/(1 + e)² with e = exp(−2|z|), accurate to a few ulps (the shrink covers them).</summary>
    private static double Slope(double z)
    {
        var e = Math.Exp(-2 * Math.Abs(z));
        return 4 * e / ((1 + e) * (1 + e));
    }
}
