using System.Runtime.CompilerServices;

namespace RnnCalc.Network.Kernels;

/// <summary>
/// tanh over vector lanes for the gated cells' kernels, within 3 ulp of <see cref="Math.Tanh"/> (the tests sweep 400,000 inputs):
/// <code>
/// |x| &lt; 2^−30:   x itself (as Math.Tanh: ±0 and subnormals pass through)
/// |x| &lt; 0.5:     x + x³·P(x²), tanh's Taylor series through x^33 (the next term is below 2^−56 of x)
/// |x| ≥ 0.5:     ±(e − 1)/(e + 1) with e = exp(2|x|), numpy's exp; e − 1 is exact, so nothing cancels
/// </code>
/// |x| is clamped to 20 first (tanh is 1 in double beyond 19.1), so exp never leaves its fast path; NaN stays NaN.
/// </summary>
internal static class VectorTanh
{
    private const double SeriesLimit = 0.5;
    private const double Saturated = 20;
    private const double Tiny = 9.313225746154785e-10; // 2^−30: below it x − x³/3 rounds to x

    // tanh's Taylor coefficients of x^3, x^5, …, x^33: 2^2n·(2^2n − 1)·B_2n / (2n)!, from −1/3 on.
    private static readonly double[] Series =
    [
        -0.3333333333333333, 0.13333333333333333, -0.05396825396825397, 0.021869488536155203,
        -0.008863235529902197, 0.003592128036572481, -0.0014558343870513183, 0.000590027440945586,
        -0.00023912911424355248, 9.691537956929451e-05, -3.927832388331683e-05, 1.5918905069328964e-05,
        -6.451689215655431e-06, 2.6147711512907546e-06, -1.0597268320104654e-06, 4.294911078273806e-07,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector Tanh<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var a = TLanes.Abs(x);
        var limit = TLanes.Create(Saturated);
        var clamped = TLanes.Select(TLanes.LessThanMask(a, limit), a, limit);
        var e = VectorNumpyExp.ExpInFastPath<TVector, TLanes>(TLanes.Add(clamped, clamped));
        var one = TLanes.Create(1);
        var large = TLanes.Divide(TLanes.Subtract(e, one), TLanes.Add(e, one));
        large = TLanes.Select(TLanes.LessThanMask(x, TLanes.Create(0)), TLanes.Negate(large), large);
        // P(y) = E(y²) + y·O(y²) with y = x²: two Horner chains of half the length, so half the latency.
        var y = TLanes.Multiply(x, x);
        var y2 = TLanes.Multiply(y, y);
        var even = TLanes.Create(Series[^2]);
        var odd = TLanes.Create(Series[^1]);
        for (var k = Series.Length - 4; k >= 0; k -= 2)
        {
            even = TLanes.FusedMultiplyAdd(even, y2, TLanes.Create(Series[k]));
            odd = TLanes.FusedMultiplyAdd(odd, y2, TLanes.Create(Series[k + 1]));
        }
        var p = TLanes.FusedMultiplyAdd(odd, y, even);
        var small = TLanes.FusedMultiplyAdd(TLanes.Multiply(x, y), p, x);
        var result = TLanes.Select(TLanes.LessThanMask(a, TLanes.Create(SeriesLimit)), small, large);
        result = TLanes.Select(TLanes.LessThanMask(a, TLanes.Create(Tiny)), x, result);
        // A NaN lane fails every comparison above and would come out ±1: give it back.
        return TLanes.Select(TLanes.EqualsMask(x, x), result, x);
    }
}
