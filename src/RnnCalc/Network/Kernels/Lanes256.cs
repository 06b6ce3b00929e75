using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCalc.Network.Kernels;

/// <summary>Four doubles per vector (AVX2: the fallback without AVX-512, and for 4 to 7 hidden units).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<double>>
{
    private const double IntegerShift = 6755399441055744.0;
    private const long IntegerShiftBits = 0x4338000000000000;

    // numpy's 2^(j/16) table in four quarters of four doubles, as dwords for vpermd.
    private static readonly Vector256<int> Quarter0 = Vector256.Create(NumpyExp.Table.AsSpan(0, 4)).AsInt32();
    private static readonly Vector256<int> Quarter1 = Vector256.Create(NumpyExp.Table.AsSpan(4, 4)).AsInt32();
    private static readonly Vector256<int> Quarter2 = Vector256.Create(NumpyExp.Table.AsSpan(8, 4)).AsInt32();
    private static readonly Vector256<int> Quarter3 = Vector256.Create(NumpyExp.Table.AsSpan(12, 4)).AsInt32();

    public static int Count => Vector256<double>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Create(double value) => Vector256.Create(value);

    public static bool BroadcastsInRegisters => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(Vector256<double> value, int lane) => Vector256.Create(value.GetElement(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref readonly double source) => Vector256.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> left, Vector256<double> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> left, Vector256<double> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> left, Vector256<double> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Divide(Vector256<double> left, Vector256<double> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Negate(Vector256<double> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FusedMultiplyAdd(Vector256<double> left, Vector256<double> right, Vector256<double> addend) =>
        Vector256.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FusedMultiplySubtract(Vector256<double> left, Vector256<double> right, Vector256<double> subtrahend) =>
        Vector256.FusedMultiplyAdd(left, right, -subtrahend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FusedMultiplyAddNegated(Vector256<double> left, Vector256<double> right, Vector256<double> addend) =>
        Vector256.FusedMultiplyAdd(-left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FloorSixteenths(Vector256<double> value) => Vector256.Floor(value * 16) * 0.0625;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Floor(Vector256<double> value) => Vector256.Floor(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Abs(Vector256<double> value) => Vector256.Abs(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> EqualsMask(Vector256<double> left, Vector256<double> right) => Vector256.Equals(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LessThanMask(Vector256<double> left, Vector256<double> right) => Vector256.LessThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> And(Vector256<double> left, Vector256<double> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AndNot(Vector256<double> left, Vector256<double> right) => Vector256.AndNot(left, right);

    public static Vector256<double> AllBitsSet => Vector256<double>.AllBitsSet;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAllBitsSet(Vector256<double> mask) => Vector256.EqualsAll(mask.AsUInt64(), Vector256<ulong>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LessThanAll(Vector256<double> left, Vector256<double> right) => Vector256.LessThanAll(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint GreaterThanBits(Vector256<double> left, Vector256<double> right) =>
        (uint)Vector256.GreaterThan(left, right).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LessThanOrEqualBits(Vector256<double> left, Vector256<double> right) =>
        (uint)Vector256.LessThanOrEqual(left, right).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse) =>
        Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ExpReconstruct(Vector256<double> sixteenths, Vector256<double> poly)
    {
        // s + 1.5·2^52 holds the integer s in its low mantissa bits (exact for |s| &lt; 2^51): a conversion that needs no AVX-512.
        var integer = (sixteenths + Vector256.Create(IntegerShift)).AsInt64() - Vector256.Create(IntegerShiftBits);
        var t = Avx2.IsSupported ? TableLookup(integer) : TableLookupThroughMemory(integer);
        // ⌊s/16⌋ is an arithmetic shift of the integer s; adding it to the exponent field scales exactly.
        return (Vector256.FusedMultiplyAdd(t, poly, t).AsInt64() + ((integer >> 4) << 52)).AsDouble();
    }

    /// <summary>
    /// T[s mod 16] in registers: four vpermd pick entry s mod 4 of each quarter of the table (a double is two dwords),
    /// then two bits of s choose among the quarters. Writing four lanes and reading them back as one vector would stall
    /// on store forwarding, and the gated cells run three exps a unit per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TableLookup(Vector256<long> integer)
    {
        var pair = (integer & Vector256.Create(3L)) << 1;
        var dwords = (pair | ((pair + Vector256.Create(1L)) << 32)).AsInt32();
        var q0 = Avx2.PermuteVar8x32(Quarter0, dwords);
        var q1 = Avx2.PermuteVar8x32(Quarter1, dwords);
        var q2 = Avx2.PermuteVar8x32(Quarter2, dwords);
        var q3 = Avx2.PermuteVar8x32(Quarter3, dwords);
        var four = Vector256.Equals(integer & Vector256.Create(4L), Vector256.Create(4L)).AsInt32();
        var eight = Vector256.Equals(integer & Vector256.Create(8L), Vector256.Create(8L)).AsInt32();
        var low = Vector256.ConditionalSelect(four, q1, q0);
        var high = Vector256.ConditionalSelect(four, q3, q2);
        return Vector256.ConditionalSelect(eight, high, low).AsDouble();
    }

    private static Vector256<double> TableLookupThroughMemory(Vector256<long> integer)
    {
        Span<double> lanes = stackalloc double[4];
        for (var l = 0; l < lanes.Length; l++)
        {
            lanes[l] = NumpyExp.Table[(int)(integer[l] & 15)];
        }
        return Vector256.Create((ReadOnlySpan<double>)lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ScaleByPowerOfTwo(Vector256<double> value, Vector256<double> exponent)
    {
        // e + 1.5·2^52 holds the integer e in its low mantissa bits (exact for |e| &lt; 2^51).
        var integer = (exponent + Vector256.Create(IntegerShift)).AsInt64() - Vector256.Create(IntegerShiftBits);
        return (value.AsInt64() + (integer << 52)).AsDouble();
    }

    /// <summary>
    /// With AVX, four rows in registers, unpacked in pairs (r0[0] r1[0] r0[2] r1[2], …) and their 128-bit halves
    /// recombined into the four columns: eight shuffles instead of sixteen scalar loads and stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeBlock(ref readonly double source, int sourceStride, ref double target, int targetStride)
    {
        if (!Avx.IsSupported)
        {
            ScalarTranspose.Block(in source, sourceStride, ref target, targetStride, 4);
            return;
        }
        var r0 = Vector256.LoadUnsafe(in source);
        var r1 = Vector256.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), sourceStride));
        var r2 = Vector256.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), 2 * sourceStride));
        var r3 = Vector256.LoadUnsafe(in Unsafe.Add(ref Unsafe.AsRef(in source), 3 * sourceStride));
        var low01 = Avx.UnpackLow(r0, r1);
        var high01 = Avx.UnpackHigh(r0, r1);
        var low23 = Avx.UnpackLow(r2, r3);
        var high23 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(low01, low23, 0x20).StoreUnsafe(ref target);
        Avx.Permute2x128(high01, high23, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, targetStride));
        Avx.Permute2x128(low01, low23, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 2 * targetStride));
        Avx.Permute2x128(high01, high23, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 3 * targetStride));
    }
}
