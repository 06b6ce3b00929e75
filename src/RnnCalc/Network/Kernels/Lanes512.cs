using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCalc.Network.Kernels;

/// <summary>Eight doubles per vector (AVX-512).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<double>>
{
    private const double IntegerShift = 6755399441055744.0;
    private const long IntegerShiftBits = 0x4338000000000000;

    /// <summary>2^(j/16) for j = 0..7 and j = 8..15: two registers that one vpermt2pd indexes by j.</summary>
    private static readonly Vector512<double> TableLow = Vector512.Create(NumpyExp.Table.AsSpan(0, 8));
    private static readonly Vector512<double> TableHigh = Vector512.Create(NumpyExp.Table.AsSpan(8, 8));

    // Index vectors of the 8×8 transpose's second and third shuffle rounds.
    private static readonly Vector512<long> PairsLow = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
    private static readonly Vector512<long> PairsHigh = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
    private static readonly Vector512<long> HalvesLow = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11);
    private static readonly Vector512<long> HalvesHigh = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);

    public static int Count => Vector512<double>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Create(double value) => Vector512.Create(value);

    public static bool BroadcastsInRegisters => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(Vector512<double> value, int lane) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar8x64(value, Vector512.Create((long)lane)) : Vector512.Create(value.GetElement(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref readonly double source) => Vector512.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> left, Vector512<double> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> left, Vector512<double> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> left, Vector512<double> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Divide(Vector512<double> left, Vector512<double> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Negate(Vector512<double> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FusedMultiplyAdd(Vector512<double> left, Vector512<double> right, Vector512<double> addend) =>
        Vector512.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FusedMultiplySubtract(Vector512<double> left, Vector512<double> right, Vector512<double> subtrahend) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplySubtract(left, right, subtrahend) : Vector512.FusedMultiplyAdd(left, right, -subtrahend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FusedMultiplyAddNegated(Vector512<double> left, Vector512<double> right, Vector512<double> addend) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAddNegated(left, right, addend) : Vector512.FusedMultiplyAdd(-left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FloorSixteenths(Vector512<double> value) =>
        // imm8: keep 4 fraction bits (0x40), no precision exception (0x08), round down (0x01).
        Avx512F.IsSupported ? Avx512F.RoundScale(value, 0x49) : Vector512.Floor(value * 16) * 0.0625;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Floor(Vector512<double> value) => Vector512.Floor(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Abs(Vector512<double> value) => Vector512.Abs(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> EqualsMask(Vector512<double> left, Vector512<double> right) => Vector512.Equals(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LessThanMask(Vector512<double> left, Vector512<double> right) => Vector512.LessThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> And(Vector512<double> left, Vector512<double> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AndNot(Vector512<double> left, Vector512<double> right) => Vector512.AndNot(left, right);

    public static Vector512<double> AllBitsSet => Vector512<double>.AllBitsSet;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAllBitsSet(Vector512<double> mask) => Vector512.EqualsAll(mask.AsUInt64(), Vector512<ulong>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LessThanAll(Vector512<double> left, Vector512<double> right) => Vector512.LessThanAll(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint GreaterThanBits(Vector512<double> left, Vector512<double> right) =>
        (uint)Vector512.GreaterThan(left, right).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LessThanOrEqualBits(Vector512<double> left, Vector512<double> right) =>
        (uint)Vector512.LessThanOrEqual(left, right).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> whenTrue, Vector512<double> whenFalse) =>
        Vector512.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ExpReconstruct(Vector512<double> sixteenths, Vector512<double> poly)
    {
        var integer = Avx512DQ.IsSupported
            ? Avx512DQ.ConvertToVector512Int64WithTruncation(sixteenths)
            : Vector512.ConvertToInt64(sixteenths);
        Vector512<double> t;
        if (Avx512F.IsSupported)
        {
            // vpermt2pd reads only the low 4 bits of each index: exactly "& 15".
            t = Avx512F.PermuteVar8x64x2(TableLow, integer, TableHigh);
        }
        else
        {
            Span<double> lanes = stackalloc double[8];
            for (var l = 0; l < lanes.Length; l++)
            {
                lanes[l] = NumpyExp.Table[(int)(integer[l] & 15)];
            }
            t = Vector512.Create((ReadOnlySpan<double>)lanes);
        }
        // ⌊s/16⌋ is an arithmetic shift of the integer s; adding it to the exponent field scales exactly.
        return (Vector512.FusedMultiplyAdd(t, poly, t).AsInt64() + ((integer >> 4) << 52)).AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ScaleByPowerOfTwo(Vector512<double> value, Vector512<double> exponent)
    {
        // e + 1.5·2^52 holds the integer e in its low mantissa bits (exact for |e| &lt; 2^51).
        var integer = (exponent + Vector512.Create(IntegerShift)).AsInt64() - Vector512.Create(IntegerShiftBits);
        return (value.AsInt64() + (integer << 52)).AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeBlock(ref readonly double source, int sourceStride, ref double target, int targetStride)
    {
        if (!Avx512F.IsSupported)
        {
            ScalarTranspose.Block(in source, sourceStride, ref target, targetStride, 8);
            return;
        }
        // Three rounds of two-register shuffles: 1×1, then 2×2, then 4×4 sub-blocks change places.
        var r0 = Vector512.LoadUnsafe(in source);
        var r1 = Vector512.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), sourceStride));
        var r2 = Vector512.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), 2 * sourceStride));
        var r3 = Vector512.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), 3 * sourceStride));
        var r4 = Vector512.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), 4 * sourceStride));
        var r5 = Vector512.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), 5 * sourceStride));
        var r6 = Vector512.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), 6 * sourceStride));
        var r7 = Vector512.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), 7 * sourceStride));
        var t0 = Avx512F.UnpackLow(r0, r1);
        var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3);
        var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5);
        var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7);
        var t7 = Avx512F.UnpackHigh(r6, r7);
        var u0 = Avx512F.PermuteVar8x64x2(t0, PairsLow, t2);
        var u2 = Avx512F.PermuteVar8x64x2(t0, PairsHigh, t2);
        var u1 = Avx512F.PermuteVar8x64x2(t1, PairsLow, t3);
        var u3 = Avx512F.PermuteVar8x64x2(t1, PairsHigh, t3);
        var u4 = Avx512F.PermuteVar8x64x2(t4, PairsLow, t6);
        var u6 = Avx512F.PermuteVar8x64x2(t4, PairsHigh, t6);
        var u5 = Avx512F.PermuteVar8x64x2(t5, PairsLow, t7);
        var u7 = Avx512F.PermuteVar8x64x2(t5, PairsHigh, t7);
        Avx512F.PermuteVar8x64x2(u0, HalvesLow, u4).StoreUnsafe(ref target);
        Avx512F.PermuteVar8x64x2(u1, HalvesLow, u5).StoreUnsafe(ref Unsafe.Add(ref target, targetStride));
        Avx512F.PermuteVar8x64x2(u2, HalvesLow, u6).StoreUnsafe(ref Unsafe.Add(ref target, 2 * targetStride));
        Avx512F.PermuteVar8x64x2(u3, HalvesLow, u7).StoreUnsafe(ref Unsafe.Add(ref target, 3 * targetStride));
        Avx512F.PermuteVar8x64x2(u0, HalvesHigh, u4).StoreUnsafe(ref Unsafe.Add(ref target, 4 * targetStride));
        Avx512F.PermuteVar8x64x2(u1, HalvesHigh, u5).StoreUnsafe(ref Unsafe.Add(ref target, 5 * targetStride));
        Avx512F.PermuteVar8x64x2(u2, HalvesHigh, u6).StoreUnsafe(ref Unsafe.Add(ref target, 6 * targetStride));
        Avx512F.PermuteVar8x64x2(u3, HalvesHigh, u7).StoreUnsafe(ref Unsafe.Add(ref target, 7 * targetStride));
    }
}
