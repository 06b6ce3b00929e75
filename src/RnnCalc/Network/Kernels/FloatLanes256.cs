using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCalc.Network.Kernels;

/// <summary>Eight floats per vector (AVX2, or two NEON registers).</summary>
internal readonly struct FloatLanes256 : IFloatLanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Create(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref readonly float source) => Vector256.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> left, Vector256<float> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> left, Vector256<float> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> left, Vector256<float> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SquareRoot(Vector256<float> value) => Vector256.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        Vector256.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => FloatSigmoid.Of(x);

    /// <summary>An 8×8 block transposed in three rounds of shuffles (pairs of floats, then quarters, then 128-bit halves); elsewhere element by element.</summary>
    public static void TransposeBlock(ref float source, int sourceStride, ref float target, int targetStride)
    {
        if (!Avx.IsSupported)
        {
            ScalarTranspose.Block(ref source, sourceStride, ref target, targetStride, Count);
            return;
        }
        var r0 = Vector256.LoadUnsafe(ref source);
        var r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, sourceStride));
        var r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 2 * sourceStride));
        var r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 3 * sourceStride));
        var r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 4 * sourceStride));
        var r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 5 * sourceStride));
        var r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 6 * sourceStride));
        var r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 7 * sourceStride));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref target);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, targetStride));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, 2 * targetStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, 3 * targetStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 4 * targetStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 5 * targetStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 6 * targetStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 7 * targetStride));
    }
}
