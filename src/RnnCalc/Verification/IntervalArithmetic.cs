namespace RnnCalc.Verification;

/// <summary>
/// Interval operations rounded outward, for the gated cells' steps. Each result encloses the exact result for every
/// operand in the operands' intervals; <see cref="Rounded"/> then also covers the network's own rounding of that one
/// operation (at most half an ulp of a value no larger than the interval's magnitude).
/// </summary>
internal static class IntervalArithmetic
{
    public static Interval Add(Interval a, Interval b) => new(SoundMath.Down(a.Lo + b.Lo), SoundMath.Up(a.Hi + b.Hi));

    public static Interval Multiply(Interval a, Interval b)
    {
        double p1 = a.Lo * b.Lo, p2 = a.Lo * b.Hi, p3 = a.Hi * b.Lo, p4 = a.Hi * b.Hi;
        return new(
            SoundMath.Down(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4))),
            SoundMath.Up(Math.Max(Math.Max(p1, p2), Math.Max(p3, p4))));
    }

    /// <summary>The largest |x| in the interval.</summary>
    public static double Magnitude(Interval a) => Math.Max(Math.Abs(a.Lo), Math.Abs(a.Hi));

    /// <summary>Widened by <paramref name="slack"/> (≥ 0) either way.</summary>
    public static Interval Widen(Interval a, double slack) => new(SoundMath.Down(a.Lo - slack), SoundMath.Up(a.Hi + slack));

    /// <summary>Encloses the computed result of one floating-point operation whose exact result lies in <paramref name="exact"/>.</summary>
    public static Interval Rounded(Interval exact) => Widen(exact, SoundMath.Inflate(SoundMath.Unit * Magnitude(exact)));

    /// <summary>σ over the interval, for the true sigmoid and the network's computed one (either exp).</summary>
    public static Interval Sigmoid(Interval z) => new(SoundMath.SigmoidLower(z.Lo), SoundMath.SigmoidUpper(z.Hi));

    /// <summary>tanh over the interval, for the true tanh and the network's <c>Math.Tanh</c>.</summary>
    public static Interval Tanh(Interval z) => new(SoundMath.TanhLower(z.Lo), SoundMath.TanhUpper(z.Hi));
}
