using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCalc.Network.Kernels;

/// <summary>Sixteen floats per vector (AVX-512).</summary>
internal readonly struct FloatLanes512 : IFloatLanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Create(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref readonly float source) => Vector512.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> left, Vector512<float> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> left, Vector512<float> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> left, Vector512<float> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SquareRoot(Vector512<float> value) => Vector512.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Vector512.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => FloatSigmoid.Of(x);

    public static void TransposeBlock(ref float source, int sourceStride, ref float target, int targetStride)
    {
        if (Avx512F.IsSupported)
        {
            Transpose16(ref source, sourceStride, ref target, targetStride);
            return;
        }
        ScalarTranspose.Block(ref source, sourceStride, ref target, targetStride, Count);
    }

    /// <summary>A 16×16 block transposed in four rounds of shuffles (pairs of floats, of doubles, then 128-bit quarters twice).</summary>
    private static void Transpose16(ref float source, int sourceStride, ref float target, int targetStride)
    {
        Span<Vector512<float>> rows = stackalloc Vector512<float>[16];
        for (var r = 0; r < 16; r++)
        {
            rows[r] = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, r * sourceStride));
        }
        Span<Vector512<float>> pairs = stackalloc Vector512<float>[16];
        for (var r = 0; r < 16; r += 2)
        {
            pairs[r] = Avx512F.UnpackLow(rows[r], rows[r + 1]);
            pairs[r + 1] = Avx512F.UnpackHigh(rows[r], rows[r + 1]);
        }
        // quads[4g + c]: rows 4g..4g+3 of columns c, c+4, c+8, c+12, one column per 128-bit quarter.
        Span<Vector512<float>> quads = stackalloc Vector512<float>[16];
        for (var g = 0; g < 4; g++)
        {
            var p = 4 * g;
            quads[p] = Avx512F.UnpackLow(pairs[p].AsDouble(), pairs[p + 2].AsDouble()).AsSingle();
            quads[p + 1] = Avx512F.UnpackHigh(pairs[p].AsDouble(), pairs[p + 2].AsDouble()).AsSingle();
            quads[p + 2] = Avx512F.UnpackLow(pairs[p + 1].AsDouble(), pairs[p + 3].AsDouble()).AsSingle();
            quads[p + 3] = Avx512F.UnpackHigh(pairs[p + 1].AsDouble(), pairs[p + 3].AsDouble()).AsSingle();
        }
        for (var c = 0; c < 4; c++)
        {
            var x0 = Avx512F.Shuffle4x128(quads[c], quads[4 + c], 0b10_00_10_00);
            var x1 = Avx512F.Shuffle4x128(quads[c], quads[4 + c], 0b11_01_11_01);
            var y0 = Avx512F.Shuffle4x128(quads[8 + c], quads[12 + c], 0b10_00_10_00);
            var y1 = Avx512F.Shuffle4x128(quads[8 + c], quads[12 + c], 0b11_01_11_01);
            Avx512F.Shuffle4x128(x0, y0, 0b10_00_10_00).StoreUnsafe(ref Unsafe.Add(ref target, c * targetStride));
            Avx512F.Shuffle4x128(x1, y1, 0b10_00_10_00).StoreUnsafe(ref Unsafe.Add(ref target, (c + 4) * targetStride));
            Avx512F.Shuffle4x128(x0, y0, 0b11_01_11_01).StoreUnsafe(ref Unsafe.Add(ref target, (c + 8) * targetStride));
            Avx512F.Shuffle4x128(x1, y1, 0b11_01_11_01).StoreUnsafe(ref Unsafe.Add(ref target, (c + 12) * targetStride));
        }
    }
}
