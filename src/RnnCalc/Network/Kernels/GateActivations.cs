using System.Runtime.CompilerServices;

namespace RnnCalc.Network.Kernels;

/// <summary>
/// exp, the sigmoid and tanh over vector lanes for the gates of <see cref="GatedKernels"/>: not numpy's exp bit for
/// bit (<see cref="VectorNumpyExp"/> is, with a table look-up and exactness checks that take about twice the
/// instructions), but within a few ulp of it and of <see cref="Math.Tanh"/> (tests/Speed/GateActivationsTests):
/// <code>
/// exp(x) = 2^k · e^r   k = ⌊x·log2 e + ½⌋, r = x − k·ln 2 (|r| ≤ 0.347; ln 2 in two parts, two fused multiply-adds)
/// e^r    = Σ r^n/n! for n = 0..13, as E(r²) + r·O(r²): two Horner chains of six (the next term is below 2^−57)
/// σ(x)   = 1 / (1 + exp(−x))                       for |x| &lt; 707.7 (numpy's fast path); other lanes clear valid
/// tanh x = ±(e − 1)/(e + 1), e = exp(2·min(|x|, 20))  (tanh is 1 in double from 19.1 on; NaN stays NaN)
/// </code>
/// Near 0 tanh's error is absolute rather than relative (e − 1 is exact but inherits e's rounding, about 2^−52),
/// which the kernels' tolerance, 1e-12 of each tensor's largest value, allows.
/// </summary>
internal static class GateActivations
{
    private const double Log2E = 1.4426950408889634;

    // fdlibm's split of ln 2: the high part ends in zero bits, so k·Ln2High is exact for every k exp meets.
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;

    private const double Saturated = 20;

    // 1/n!, each the double nearest to it (the division of two exact integers, rounded once by the compiler).
    private const double C2 = 1.0 / 2;
    private const double C3 = 1.0 / 6;
    private const double C4 = 1.0 / 24;
    private const double C5 = 1.0 / 120;
    private const double C6 = 1.0 / 720;
    private const double C7 = 1.0 / 5040;
    private const double C8 = 1.0 / 40320;
    private const double C9 = 1.0 / 362880;
    private const double C10 = 1.0 / 3628800;
    private const double C11 = 1.0 / 39916800;
    private const double C12 = 1.0 / 479001600;
    private const double C13 = 1.0 / 6227020800;

    /// <summary>e^x for |x| &lt; 707.7 (other lanes are garbage: callers keep to that range, or check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector Exp<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var k = TLanes.Floor(TLanes.FusedMultiplyAdd(x, TLanes.Create(Log2E), TLanes.Create(0.5)));
        var r = TLanes.FusedMultiplyAdd(k, TLanes.Create(-Ln2High), x);
        r = TLanes.FusedMultiplyAdd(k, TLanes.Create(-Ln2Low), r);
        var y = TLanes.Multiply(r, r);
        var even = TLanes.FusedMultiplyAdd(TLanes.Create(C12), y, TLanes.Create(C10));
        var odd = TLanes.FusedMultiplyAdd(TLanes.Create(C13), y, TLanes.Create(C11));
        even = TLanes.FusedMultiplyAdd(even, y, TLanes.Create(C8));
        odd = TLanes.FusedMultiplyAdd(odd, y, TLanes.Create(C9));
        even = TLanes.FusedMultiplyAdd(even, y, TLanes.Create(C6));
        odd = TLanes.FusedMultiplyAdd(odd, y, TLanes.Create(C7));
        even = TLanes.FusedMultiplyAdd(even, y, TLanes.Create(C4));
        odd = TLanes.FusedMultiplyAdd(odd, y, TLanes.Create(C5));
        even = TLanes.FusedMultiplyAdd(even, y, TLanes.Create(C2));
        odd = TLanes.FusedMultiplyAdd(odd, y, TLanes.Create(C3));
        var one = TLanes.Create(1);
        even = TLanes.FusedMultiplyAdd(even, y, one);
        odd = TLanes.FusedMultiplyAdd(odd, y, one);
        return TLanes.ScaleByPowerOfTwo(TLanes.FusedMultiplyAdd(r, odd, even), k);
    }

    /// <summary>1 / (1 + e^−x); a lane with |x| ≥ 707.7 or NaN clears its bit of <paramref name="valid"/> (its value is garbage).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector Sigmoid<TVector, TLanes>(TVector x, ref TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        valid = TLanes.And(valid, TLanes.LessThanMask(TLanes.Abs(x), TLanes.Create(NumpyExp.FastPathLimit)));
        var one = TLanes.Create(1);
        return TLanes.Divide(one, TLanes.Add(one, Exp<TVector, TLanes>(TLanes.Negate(x))));
    }

    /// <summary>tanh x for every x (see above).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector Tanh<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var a = TLanes.Abs(x);
        var limit = TLanes.Create(Saturated);
        var clamped = TLanes.Select(TLanes.LessThanMask(a, limit), a, limit);
        var e = Exp<TVector, TLanes>(TLanes.Add(clamped, clamped));
        var one = TLanes.Create(1);
        var t = TLanes.Divide(TLanes.Subtract(e, one), TLanes.Add(e, one));
        t = TLanes.Select(TLanes.LessThanMask(x, TLanes.Create(0)), TLanes.Negate(t), t);
        // A NaN lane fails both comparisons and would come out 1: give it back.
        return TLanes.Select(TLanes.EqualsMask(x, x), t, x);
    }
}
