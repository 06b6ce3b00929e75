using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnCalc.Network.Kernels;

/// <summary>Two doubles per vector (SSE2 or NEON: the fallback for older processors and 2 or 3 hidden units).</summary>
internal readonly struct Lanes128 : ILanes<Vector128<double>>
{
    private const double IntegerShift = 6755399441055744.0;
    private const long IntegerShiftBits = 0x4338000000000000;

    public static int Count => Vector128<double>.Count;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Create(double value) => Vector128.Create(value);

    public static bool BroadcastsInRegisters => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Broadcast(Vector128<double> value, int lane) => Vector128.Create(value.GetElement(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref readonly double source) => Vector128.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> left, Vector128<double> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Subtract(Vector128<double> left, Vector128<double> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Multiply(Vector128<double> left, Vector128<double> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Divide(Vector128<double> left, Vector128<double> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Negate(Vector128<double> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> FusedMultiplyAdd(Vector128<double> left, Vector128<double> right, Vector128<double> addend) =>
        Vector128.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> FusedMultiplySubtract(Vector128<double> left, Vector128<double> right, Vector128<double> subtrahend) =>
        Vector128.FusedMultiplyAdd(left, right, -subtrahend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> FusedMultiplyAddNegated(Vector128<double> left, Vector128<double> right, Vector128<double> addend) =>
        Vector128.FusedMultiplyAdd(-left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> FloorSixteenths(Vector128<double> value) => Vector128.Floor(value * 16) * 0.0625;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Floor(Vector128<double> value) => Vector128.Floor(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Abs(Vector128<double> value) => Vector128.Abs(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> EqualsMask(Vector128<double> left, Vector128<double> right) => Vector128.Equals(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LessThanMask(Vector128<double> left, Vector128<double> right) => Vector128.LessThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> And(Vector128<double> left, Vector128<double> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> AndNot(Vector128<double> left, Vector128<double> right) => Vector128.AndNot(left, right);

    public static Vector128<double> AllBitsSet => Vector128<double>.AllBitsSet;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAllBitsSet(Vector128<double> mask) => Vector128.EqualsAll(mask.AsUInt64(), Vector128<ulong>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LessThanAll(Vector128<double> left, Vector128<double> right) => Vector128.LessThanAll(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint GreaterThanBits(Vector128<double> left, Vector128<double> right) =>
        (uint)Vector128.GreaterThan(left, right).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LessThanOrEqualBits(Vector128<double> left, Vector128<double> right) =>
        (uint)Vector128.LessThanOrEqual(left, right).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Select(Vector128<double> mask, Vector128<double> whenTrue, Vector128<double> whenFalse) =>
        Vector128.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ExpReconstruct(Vector128<double> sixteenths, Vector128<double> poly)
    {
        // s + 1.5·2^52 holds the integer s in its low mantissa bits (exact for |s| &lt; 2^51): a conversion that needs no AVX-512.
        var integer = (sixteenths + Vector128.Create(IntegerShift)).AsInt64() - Vector128.Create(IntegerShiftBits);
        Span<double> lanes = stackalloc double[2];
        for (var l = 0; l < lanes.Length; l++)
        {
            lanes[l] = NumpyExp.Table[(int)(integer[l] & 15)];
        }
        var t = Vector128.Create((ReadOnlySpan<double>)lanes);
        // ⌊s/16⌋ is an arithmetic shift of the integer s; adding it to the exponent field scales exactly.
        return (Vector128.FusedMultiplyAdd(t, poly, t).AsInt64() + ((integer >> 4) << 52)).AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ScaleByPowerOfTwo(Vector128<double> value, Vector128<double> exponent)
    {
        // e + 1.5·2^52 holds the integer e in its low mantissa bits (exact for |e| &lt; 2^51).
        var integer = (exponent + Vector128.Create(IntegerShift)).AsInt64() - Vector128.Create(IntegerShiftBits);
        return (value.AsInt64() + (integer << 52)).AsDouble();
    }

    public static void TransposeBlock(ref readonly double source, int sourceStride, ref double target, int targetStride) =>
        ScalarTranspose.Block(in source, sourceStride, ref target, targetStride, 2);
}
