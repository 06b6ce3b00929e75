using System.Globalization;

namespace RnnCalc.Verification;

/// <summary>A closed interval of reals [Lo, Hi] whose ends are doubles.</summary>
internal readonly record struct Interval(double Lo, double Hi)
{
    public double Width => Hi - Lo;

    public bool Contains(double x) => Lo <= x && x <= Hi;

    /// <summary>The bit every output in the interval rounds to, or null when it straddles 0.5 (0.5 itself emits 0).</summary>
    public int? CertainBit => Lo > 0.5 ? 1 : Hi < 0.5 ? 0 : null;

    /// <summary>How far the interval stays from 0.5 (negative when it reaches or crosses it).</summary>
    public double Margin => Lo > 0.5 ? Lo - 0.5 : Hi < 0.5 ? 0.5 - Hi : -Math.Min(Hi - 0.5, 0.5 - Lo);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Lo:R}, {Hi:R}]");
}
