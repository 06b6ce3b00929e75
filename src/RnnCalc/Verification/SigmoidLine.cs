namespace RnnCalc.Verification;

/// <summary>
/// Encloses the sigmoid on an interval between two parallel lines: σ(z) ∈ λz + [lo, hi] for every z in [l, u].
/// λ is at most the smallest slope σ' = σ(1 − σ) takes on [l, u] (σ' peaks at 0, so it is smallest at an end),
/// so g(z) = σ(z) − λz never decreases there and its ends bound it: lo = σ(l) − λl, hi = σ(u) − λu. The independent
/// checker (RnnCalc.Checker) uses the same enclosure, so every step the proof takes, the checker can retrace.
/// Every value is rounded outward and the bounds also hold for the network's computed sigmoid.
/// </summary>
internal static class SigmoidLine
{
    /// <summary>Absolute slack for the network's own sigmoid (its exp and division err by a few ulps of a value ≤ 1).</summary>
    private const double NetworkSlack = 1e-14;

    /// <summary>λ is shrunk by this much, so that it stays below the true smallest slope despite our rounding.</summary>
    private const double SlopeShrink = 1e-9;

    public static (double Slope, double Lo, double Hi) Enclose(double l, double u)
    {
        if (!double.IsFinite(l) || !double.IsFinite(u) || !(u - l > 1e-12))
        {
            // Degenerate or unbounded: a flat enclosure is sound and loses nothing worth keeping.
            return (0, Math.Max(0, SoundMath.SigmoidLower(l) - NetworkSlack), Math.Min(1, SoundMath.SigmoidUpper(u) + NetworkSlack));
        }
        var slope = Math.Min(Slope(l), Slope(u)) * (1 - SlopeShrink);
        if (!(slope >= 0 && slope < 0.25))
        {
            slope = 0;
        }
        var lo = SoundMath.Down(SoundMath.SigmoidLower(l) - SoundMath.Up(slope * l));
        var hi = SoundMath.Up(SoundMath.SigmoidUpper(u) - SoundMath.Down(slope * u));
        return (slope, SoundMath.Down(lo - NetworkSlack), SoundMath.Up(hi + NetworkSlack));
    }

    /// <summary>σ'(z) = e/(1 + e)² with e = exp(−|z|), accurate to a few ulps (the shrink covers them).</summary>
    private static double Slope(double z)
    {
        var e = Math.Exp(-Math.Abs(z));
        return e / ((1 + e) * (1 + e));
    }
}
