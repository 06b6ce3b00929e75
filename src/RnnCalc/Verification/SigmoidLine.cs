namespace RnnCalc.Verification;

/// <summary>
/// Encloses the sigmoid on an interval between two parallel lines: σ(z) ∈ λz + [lo, hi] for every z in [l, u],
/// with λ the chord's slope. σ is convex below 0 and concave above, so on each side g(z) = σ(z) − λz is bounded by
/// its ends on one side and by a tangent on the other; every value is rounded outward and the bounds also hold for
/// the network's computed sigmoid.
/// </summary>
internal static class SigmoidLine
{
    /// <summary>Absolute slack for the network's own sigmoid (its exp and division err by a few ulps of a value ≤ 1).</summary>
    private const double NetworkSlack = 1e-14;

    public static (double Slope, double Lo, double Hi) Enclose(double l, double u)
    {
        if (!double.IsFinite(l) || !double.IsFinite(u) || !(u - l > 1e-12))
        {
            // Degenerate or unbounded: a flat enclosure is sound and loses nothing worth keeping.
            return (0, Math.Max(0, SoundMath.SigmoidLower(l) - NetworkSlack), Math.Min(1, SoundMath.SigmoidUpper(u) + NetworkSlack));
        }
        var slope = (Sigmoid(u) - Sigmoid(l)) / (u - l);
        if (!(slope >= 0 && slope < 0.25))
        {
            slope = 0;
        }
        var (lo, hi) = (double.PositiveInfinity, double.NegativeInfinity);
        if (l < 0)
        {
            var (a, b) = Convex(l, Math.Min(u, 0), slope);
            (lo, hi) = (Math.Min(lo, a), Math.Max(hi, b));
        }
        if (u > 0)
        {
            var (a, b) = Concave(Math.Max(l, 0), u, slope);
            (lo, hi) = (Math.Min(lo, a), Math.Max(hi, b));
        }
        return (slope, SoundMath.Down(lo - NetworkSlack), SoundMath.Up(hi + NetworkSlack));
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>On [a, b] ⊆ (−∞, 0] g is convex: its ends bound it above, the tangent at t ∈ [a, b] below.</summary>
    private static (double Lo, double Hi) Convex(double a, double b, double slope)
    {
        var hi = Math.Max(GUpper(a, slope), GUpper(b, slope));
        var t = Math.Clamp(CriticalPoint(slope, below: true), a, b);
        var lo = Math.Min(TangentLower(t, a, slope), TangentLower(t, b, slope));
        return (lo, hi);
    }

    /// <summary>On [a, b] ⊆ [0, ∞) g is concave: its ends bound it below, the tangent at t ∈ [a, b] above.</summary>
    private static (double Lo, double Hi) Concave(double a, double b, double slope)
    {
        var lo = Math.Min(GLower(a, slope), GLower(b, slope));
        var t = Math.Clamp(CriticalPoint(slope, below: false), a, b);
        var hi = Math.Max(TangentUpper(t, a, slope), TangentUpper(t, b, slope));
        return (lo, hi);
    }

    /// <summary>Where σ' = λ on the chosen side of 0 (only a good guess is needed: any t in the piece is sound).</summary>
    private static double CriticalPoint(double slope, bool below)
    {
        var root = Math.Sqrt(Math.Max(0, 1 - (4 * slope)));
        var s = below ? (1 - root) / 2 : (1 + root) / 2;
        var t = Math.Log(s / (1 - s));
        return double.IsFinite(t) ? t : (below ? double.NegativeInfinity : double.PositiveInfinity);
    }

    private static double GLower(double z, double slope) => SoundMath.Down(SoundMath.SigmoidLower(z) - SoundMath.Up(slope * z));

    private static double GUpper(double z, double slope) => SoundMath.Up(SoundMath.SigmoidUpper(z) - SoundMath.Down(slope * z));

    /// <summary>A lower bound of g(t) + g'(t)·(x − t).</summary>
    private static double TangentLower(double t, double x, double slope)
    {
        var (d0, d1) = DerivativeBounds(t, slope);
        var (e0, e1) = (SoundMath.Down(x - t), SoundMath.Up(x - t));
        var product = Math.Min(Math.Min(SoundMath.Down(d0 * e0), SoundMath.Down(d0 * e1)), Math.Min(SoundMath.Down(d1 * e0), SoundMath.Down(d1 * e1)));
        return SoundMath.Down(GLower(t, slope) + product);
    }

    /// <summary>An upper bound of g(t) + g'(t)·(x − t).</summary>
    private static double TangentUpper(double t, double x, double slope)
    {
        var (d0, d1) = DerivativeBounds(t, slope);
        var (e0, e1) = (SoundMath.Down(x - t), SoundMath.Up(x - t));
        var product = Math.Max(Math.Max(SoundMath.Up(d0 * e0), SoundMath.Up(d0 * e1)), Math.Max(SoundMath.Up(d1 * e0), SoundMath.Up(d1 * e1)));
        return SoundMath.Up(GUpper(t, slope) + product);
    }

    /// <summary>Bounds of g'(t) = σ'(t) − λ, with σ'(t) = e/(1 + e)², e = exp(−|t|), accurate to a few ulps.</summary>
    private static (double Lo, double Hi) DerivativeBounds(double t, double slope)
    {
        var e = Math.Exp(-Math.Abs(t));
        var d = e / ((1 + e) * (1 + e));
        return (SoundMath.Down((d * (1 - 1e-12)) - slope), SoundMath.Up((d * (1 + 1e-12)) - slope));
    }
}
