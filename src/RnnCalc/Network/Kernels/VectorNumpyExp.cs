using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnCalc.Network.Kernels;

/// <summary>
/// <see cref="NumpyExp.Exp"/> over vector lanes, bit-identical to it in every lane: the same operations in the
/// same order (its fused multiply-adds are numpy's own, so they stay fused here), the table read with one
/// permute on AVX-512, and lanes with |x| ≥ <see cref="NumpyExp.FastPathLimit"/> or NaN finished by <see cref="Math.Exp"/>.
/// </summary>
internal static class VectorNumpyExp
{
    // NumpyExp's constants (private there); the tests compare every lane with NumpyExp.Exp, so a drift shows.
    private const double Log2E = 1.4426950408889634;
    private static readonly double Ln2High = BitConverter.Int64BitsToDouble(0x3FE62E42FEFA39EF);
    private static readonly double Ln2Low = BitConverter.Int64BitsToDouble(0x3C7ABC9E3B39803F);
    private static readonly double MinusLn2HighSixteenth = -BitConverter.Int64BitsToDouble(0x3FE62E42FEFA39EF) / 16;
    private static readonly double MinusLn2LowSixteenth = -BitConverter.Int64BitsToDouble(0x3C7ABC9E3B39803F) / 16;
    private static readonly double C2 = BitConverter.Int64BitsToDouble(0x3FE0000000002622);
    private static readonly double C3 = BitConverter.Int64BitsToDouble(0x3FC5555554B508A2);
    private static readonly double C4 = BitConverter.Int64BitsToDouble(0x3FA555564BB4F5F0);
    private static readonly double C5 = BitConverter.Int64BitsToDouble(0x3F81106603D97C00);
    private static readonly double C6 = BitConverter.Int64BitsToDouble(0x3F572EB5EF0D213D);

    public static Vector512<double> Exp(Vector512<double> x) => Exp<Vector512<double>, Lanes512>(x);

    public static Vector256<double> Exp(Vector256<double> x) => Exp<Vector256<double>, Lanes256>(x);

    public static Vector128<double> Exp(Vector128<double> x) => Exp<Vector128<double>, Lanes128>(x);

    /// <summary>destination[i] = NumpyExp.Exp(x[i]) with the widest accelerated vectors, the rest one by one.</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (destination.Length < x.Length)
        {
            throw new ArgumentException("Destination is shorter than the input.", nameof(destination));
        }
        var done = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            done = ExpBlocks<Vector512<double>, Lanes512>(x, destination);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            done = ExpBlocks<Vector256<double>, Lanes256>(x, destination);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            done = ExpBlocks<Vector128<double>, Lanes128>(x, destination);
        }
        for (var i = done; i < x.Length; i++)
        {
            destination[i] = NumpyExp.Exp(x[i]);
        }
    }

    /// <summary>The tutorial's sigmoid 1 / (1 + exp(−x)) per lane, with numpy's exp or the C library's.</summary>
    internal static TVector Sigmoid<TVector, TLanes>(TVector x, ExpKind exp)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        if (exp != ExpKind.NumpyAvx512)
        {
            return LibmSigmoid<TVector, TLanes>(x);
        }
        var one = TLanes.Create(1);
        return TLanes.Divide(one, TLanes.Add(one, Exp<TVector, TLanes>(TLanes.Negate(x))));
    }

    /// <summary>
    /// <see cref="Sigmoid{TVector, TLanes}"/> with numpy's exp for lanes where |x| &lt; <see cref="NumpyExp.FastPathLimit"/>;
    /// other lanes are garbage, so callers check <see cref="InFastPath{TVector, TLanes}"/> and redo those.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector SigmoidInFastPath<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var one = TLanes.Create(1);
        return TLanes.Divide(one, TLanes.Add(one, ExpInFastPath<TVector, TLanes>(TLanes.Negate(x))));
    }

    /// <summary>
    /// values[t] = sigmoid(values[t]) with numpy's exp, vectorised; false (values then undefined) when some value is
    /// off the exp's fast path, so the caller redoes the work with the scalar reference.
    /// </summary>
    internal static bool TrySigmoidInPlace(Span<double> values)
    {
        var count = values.Length;
        ref var start = ref MemoryMarshal.GetReference(values);
        if (count >= Vector512<double>.Count && Vector512.IsHardwareAccelerated)
        {
            return TrySigmoidInPlace<Vector512<double>, Lanes512>(ref start, count);
        }
        if (count >= Vector256<double>.Count && Vector256.IsHardwareAccelerated)
        {
            return TrySigmoidInPlace<Vector256<double>, Lanes256>(ref start, count);
        }
        if (count >= Vector128<double>.Count && Vector128.IsHardwareAccelerated)
        {
            return TrySigmoidInPlace<Vector128<double>, Lanes128>(ref start, count);
        }
        foreach (ref var value in values)
        {
            value = Rnn.Sigmoid(value, ExpKind.NumpyAvx512);
        }
        return true;
    }

    /// <summary>
    /// The sigmoid for the hot loops: exact in every lane that stays set in <paramref name="valid"/>; a lane off numpy's
    /// fast path, or one that needs exp's rare step down (p·16 whole but the exact product below it, about one input
    /// in 10^14), clears its bit, and the caller redoes the whole pass with the scalar reference. Keeping that test
    /// off the data path saves a compare and a select on the longest chain of every step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector SigmoidFlagged<TVector, TLanes>(TVector x, ref TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        // exp(−x), with every negation moved into a constant or a fused negate-add (each exact: round-to-nearest is
        // symmetric, and only signs of exact products change), and n = ⌊16p⌋/16 taken in one step: numpy's values.
        var minusLog2E = TLanes.Create(-Log2E);
        var p = TLanes.Multiply(x, minusLog2E);                                    // (−x)·log2 e
        var pError = TLanes.FusedMultiplySubtract(x, minusLog2E, p);               // fma(−x, log2 e, −p)
        var n = TLanes.FloorSixteenths(p);
        var stepDown = TLanes.And(TLanes.EqualsMask(p, n), TLanes.LessThanMask(pError, TLanes.Create(0)));
        valid = TLanes.And(valid, TLanes.AndNot(TLanes.LessThanMask(TLanes.Abs(x), TLanes.Create(NumpyExp.FastPathLimit)), stepDown));
        var minusR = TLanes.FusedMultiplyAdd(n, TLanes.Create(Ln2High), x);       // −fma(−n, ln2_hi, −x)
        minusR = TLanes.FusedMultiplyAdd(n, TLanes.Create(Ln2Low), minusR);        // −fma(−ln2_lo, n, r)
        var r2 = TLanes.Multiply(minusR, minusR);
        var high = TLanes.FusedMultiplyAdd(TLanes.Create(-C6), minusR, TLanes.Create(C5));
        var mid = TLanes.FusedMultiplyAdd(TLanes.Create(-C4), minusR, TLanes.Create(C3));
        var minusR3 = TLanes.Multiply(r2, minusR);
        var low = TLanes.FusedMultiplySubtract(r2, TLanes.Create(C2), minusR);    // fma(r2, c2, r)
        high = TLanes.FusedMultiplyAdd(r2, high, mid);
        var poly = TLanes.FusedMultiplyAddNegated(minusR3, high, low);              // fma(r3, high, low)
        var one = TLanes.Create(1);
        var e = TLanes.ExpReconstruct(TLanes.Multiply(n, TLanes.Create(16)), poly);
        return TLanes.Divide(one, TLanes.Add(one, e));
    }

    /// <summary>True when every lane takes numpy's fast path (|x| &lt; 707.7, not NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool InFastPath<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, ILanes<TVector> =>
        TLanes.LessThanAll(TLanes.Abs(x), TLanes.Create(NumpyExp.FastPathLimit));

    /// <summary>NumpyExp.Exp in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector Exp<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var result = ExpInFastPath<TVector, TLanes>(x);
        return InFastPath<TVector, TLanes>(x) ? result : SlowLanes<TVector, TLanes>(x, result);
    }

    /// <summary>
    /// The steps of <see cref="NumpyExp.Exp"/> for lanes with |x| &lt; 707.7, rearranged only where the result provably
    /// cannot change: n = s/16 is exact, so −n·c is computed as s·(−c/16) inside the same fused multiply-add (the
    /// exact product is the same), and the step down is a select between floor and floor − 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector ExpInFastPath<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var log2E = TLanes.Create(Log2E);
        var p = TLanes.Multiply(x, log2E);
        var pError = TLanes.FusedMultiplyAdd(x, log2E, TLanes.Negate(p));
        var p16 = TLanes.Multiply(p, TLanes.Create(16));
        var floor = TLanes.Floor(p16);
        // Where p·16 is already a whole number but the exact product was below it, step down one sixteenth.
        var stepDown = TLanes.And(TLanes.EqualsMask(p16, floor), TLanes.LessThanMask(pError, TLanes.Create(0)));
        var sixteenths = TLanes.Select(stepDown, TLanes.Subtract(floor, TLanes.Create(1)), floor);
        return ExpFromSixteenths<TVector, TLanes>(x, sixteenths);
    }

    /// <summary>exp(x) = 2^(s/16) · e^r with r = x − (s/16)·ln 2, from here on exactly numpy's sequence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExpFromSixteenths<TVector, TLanes>(TVector x, TVector sixteenths)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var r = TLanes.FusedMultiplyAdd(sixteenths, TLanes.Create(MinusLn2HighSixteenth), x);
        r = TLanes.FusedMultiplyAdd(sixteenths, TLanes.Create(MinusLn2LowSixteenth), r);
        var r2 = TLanes.Multiply(r, r);
        var high = TLanes.FusedMultiplyAdd(TLanes.Create(C6), r, TLanes.Create(C5));
        var mid = TLanes.FusedMultiplyAdd(TLanes.Create(C4), r, TLanes.Create(C3));
        var r3 = TLanes.Multiply(r2, r);
        var low = TLanes.FusedMultiplyAdd(r2, TLanes.Create(C2), r);
        high = TLanes.FusedMultiplyAdd(r2, high, mid);
        var poly = TLanes.FusedMultiplyAdd(r3, high, low);
        return TLanes.ExpReconstruct(sixteenths, poly);
    }

    /// <summary>In place over count ≥ lanes values; the last vector may overlap, so it is computed first and stored last.</summary>
    private static bool TrySigmoidInPlace<TVector, TLanes>(ref double values, int count)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var last = count - width;
        ref var lastValues = ref Unsafe.Add(ref values, last);
        var lastZ = TLanes.Load(in lastValues);
        var fastPath = InFastPath<TVector, TLanes>(lastZ);
        var tail = SigmoidInFastPath<TVector, TLanes>(lastZ);
        for (var j = 0; j < last; j += width)
        {
            ref var target = ref Unsafe.Add(ref values, j);
            var z = TLanes.Load(in target);
            fastPath &= InFastPath<TVector, TLanes>(z);
            TLanes.Store(SigmoidInFastPath<TVector, TLanes>(z), ref target);
        }
        TLanes.Store(tail, ref lastValues);
        return fastPath;
    }

    private static int ExpBlocks<TVector, TLanes>(ReadOnlySpan<double> x, Span<double> destination)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var count = TLanes.Count;
        var i = 0;
        for (; i + count <= x.Length; i += count)
        {
            TLanes.Store(Exp<TVector, TLanes>(TLanes.Load(in x[i])), ref destination[i]);
        }
        return i;
    }

    /// <summary>Lanes past numpy's fast path (huge, infinite or NaN inputs) take Math.Exp, as NumpyExp does.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TVector SlowLanes<TVector, TLanes>(TVector x, TVector result)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        Span<double> input = stackalloc double[TLanes.Count];
        Span<double> output = stackalloc double[TLanes.Count];
        TLanes.Store(x, ref input[0]);
        TLanes.Store(result, ref output[0]);
        for (var l = 0; l < input.Length; l++)
        {
            if (!(Math.Abs(input[l]) < NumpyExp.FastPathLimit))
            {
                output[l] = Math.Exp(input[l]);
            }
        }
        return TLanes.Load(in output[0]);
    }

    /// <summary>Math.Exp has no vector form, so the C library's sigmoid runs lane by lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TVector LibmSigmoid<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        Span<double> lanes = stackalloc double[TLanes.Count];
        TLanes.Store(x, ref lanes[0]);
        for (var l = 0; l < lanes.Length; l++)
        {
            lanes[l] = 1 / (1 + Math.Exp(-lanes[l]));
        }
        return TLanes.Load(in lanes[0]);
    }
}
