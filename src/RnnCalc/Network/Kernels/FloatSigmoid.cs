using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCalc.Network.Kernels;

/// <summary>
/// The fast mode's sigmoid: e^(−x) as 2^k·p(f) with k = round(−x·log2 e), f the remainder in [−½, ½] and p a
/// degree-6 polynomial for 2^f evaluated in Estrin's order (three multiply-adds deep instead of six; relative
/// error about 1e−7, single precision's own), then one division. With AVX-512 the 2^k scaling is one
/// vscalefps, which saturates by itself; otherwise the inputs are clamped to ±80, where the sigmoid is 0 or 1 anyway.
/// </summary>
internal static class FloatSigmoid
{
    private const float Log2E = 1.44269504f;
    private const float Limit = 80f;

    // 2^f ≈ Σ c_k f^k on [−½, ½]: Taylor coefficients (ln 2)^k / k!.
    private const float P1 = 0.693147181f;
    private const float P2 = 0.240226507f;
    private const float P3 = 0.0555041087f;
    private const float P4 = 0.00961812911f;
    private const float P5 = 0.00133335581f;
    private const float P6 = 0.000154035304f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> x)
    {
        var t = x * -Log2E;
        if (!Avx512F.IsSupported)
        {
            t = Vector512.Min(Vector512.Max(t, Vector512.Create(-Limit * Log2E)), Vector512.Create(Limit * Log2E));
        }
        var k = Vector512.Round(t);
        var f = t - k;
        var f2 = f * f;
        var low = Vector512.FusedMultiplyAdd(Vector512.Create(P1), f, Vector512.Create(1f));
        var mid = Vector512.FusedMultiplyAdd(Vector512.Create(P3), f, Vector512.Create(P2));
        var high = Vector512.FusedMultiplyAdd(Vector512.Create(P5), f, Vector512.Create(P4));
        high = Vector512.FusedMultiplyAdd(Vector512.Create(P6), f2, high);
        var upper = Vector512.FusedMultiplyAdd(high, f2, mid);
        var p = Vector512.FusedMultiplyAdd(upper, f2, low);
        var e = Avx512F.IsSupported
            ? Avx512F.Scale(p, k)
            : (p.AsInt32() + (Vector512.ConvertToInt32(k) << 23)).AsSingle();
        return Vector512<float>.One / (Vector512<float>.One + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> x)
    {
        var t = Vector256.Min(Vector256.Max(x * -Log2E, Vector256.Create(-Limit * Log2E)), Vector256.Create(Limit * Log2E));
        var k = Vector256.Round(t);
        var f = t - k;
        var f2 = f * f;
        var low = Vector256.FusedMultiplyAdd(Vector256.Create(P1), f, Vector256.Create(1f));
        var mid = Vector256.FusedMultiplyAdd(Vector256.Create(P3), f, Vector256.Create(P2));
        var high = Vector256.FusedMultiplyAdd(Vector256.Create(P5), f, Vector256.Create(P4));
        high = Vector256.FusedMultiplyAdd(Vector256.Create(P6), f2, high);
        var upper = Vector256.FusedMultiplyAdd(high, f2, mid);
        var p = Vector256.FusedMultiplyAdd(upper, f2, low);
        // k is whole and within ±116, so the bare conversion is exact (Vector256.ConvertToInt32 adds saturation: five instructions).
        var whole = Avx.IsSupported ? Avx.ConvertToVector256Int32WithTruncation(k) : Vector256.ConvertToInt32(k);
        var e = (p.AsInt32() + (whole << 23)).AsSingle();
        return Vector256<float>.One / (Vector256<float>.One + e);
    }

    /// <summary>The same function for one value.</summary>
    public static float Of(float x) => Of(Vector256.Create(x)).ToScalar();
}
