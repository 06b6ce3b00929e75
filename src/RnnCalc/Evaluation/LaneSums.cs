using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Evaluation;

/// <summary>The batched evaluators' shared steps, for hidden states stored by unit: H vectors, one lane per sequence.</summary>
internal static class LaneSums
{
    /// <summary>Whᵀ (H×H), so that the weights into a unit are contiguous for <see cref="FromHidden"/>.</summary>
    public static double[] TransposedRecurrent(RecurrentNetwork network)
    {
        var h = network.Hidden;
        var transposed = new double[h * h];
        for (var i = 0; i < h; i++)
        {
            for (var j = 0; j < h; j++)
            {
                transposed[(j * h) + i] = network.Recurrent[(i * h) + j];
            }
        }
        return transposed;
    }

    /// <summary>
    /// One step for every lane: cur = sigmoid(x·W0 + prev·Wh) (H×lanes, by unit), and the output's dot product
    /// Σ_j cur[j]·W1[j] in unit order. fromHidden is (H×lanes) scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Step<TVector, TLanes>(RecurrentNetwork network, double[] recurrentTransposed, TVector bitsA, TVector bitsB, ref double prev, ref double cur, ref double fromHidden)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = network.Hidden;
        var lanes = TLanes.Count;
        ref var w0 = ref MemoryMarshal.GetReference(network.Input);
        ref var w1 = ref MemoryMarshal.GetReference(network.Output);
        var exp = network.Exp;
        FromHidden<TVector, TLanes>(ref prev, ref fromHidden, recurrentTransposed, h);
        TVector dot = default;
        for (var j = 0; j < h; j++)
        {
            // layer_1[j] = sigmoid((x0·W0[0, j] + x1·W0[1, j]) + Σ_i prev[i]·Wh[i, j]), per lane.
            var fromInput = TLanes.Add(
                TLanes.Multiply(bitsA, TLanes.Create(Unsafe.Add(ref w0, j))),
                TLanes.Multiply(bitsB, TLanes.Create(Unsafe.Add(ref w0, h + j))));
            var state = VectorNumpyExp.Sigmoid<TVector, TLanes>(TLanes.Add(fromInput, TLanes.Load(in Unsafe.Add(ref fromHidden, j * lanes))), exp);
            TLanes.Store(state, ref Unsafe.Add(ref cur, j * lanes));
            var product = TLanes.Multiply(state, TLanes.Create(Unsafe.Add(ref w1, j)));
            dot = j == 0 ? product : TLanes.Add(dot, product);
        }
        return dot;
    }

    /// <summary>
    /// F[j] = Σ_i S[i]·Wh[i, j] for every unit j, i in the reference's order in every lane, four units at a time.
    /// S and F are (H×lanes); the weights come as Whᵀ so that a unit's are contiguous.
    /// </summary>
    public static void FromHidden<TVector, TLanes>(ref double s, ref double f, double[] recurrentTransposed, int h)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var lanes = TLanes.Count;
        ref var whT = ref MemoryMarshal.GetArrayDataReference(recurrentTransposed);
        var j = 0;
        for (; j + 3 < h; j += 4)
        {
            ref var w0 = ref Unsafe.Add(ref whT, j * h);
            ref var w1 = ref Unsafe.Add(ref w0, h);
            ref var w2 = ref Unsafe.Add(ref w1, h);
            ref var w3 = ref Unsafe.Add(ref w2, h);
            var si = TLanes.Load(in s);
            var f0 = TLanes.Multiply(si, TLanes.Create(w0));
            var f1 = TLanes.Multiply(si, TLanes.Create(w1));
            var f2 = TLanes.Multiply(si, TLanes.Create(w2));
            var f3 = TLanes.Multiply(si, TLanes.Create(w3));
            ref var row = ref s;
            for (var i = 1; i < h; i++)
            {
                row = ref Unsafe.Add(ref row, lanes);
                si = TLanes.Load(in row);
                f0 = TLanes.Add(f0, TLanes.Multiply(si, TLanes.Create(Unsafe.Add(ref w0, i))));
                f1 = TLanes.Add(f1, TLanes.Multiply(si, TLanes.Create(Unsafe.Add(ref w1, i))));
                f2 = TLanes.Add(f2, TLanes.Multiply(si, TLanes.Create(Unsafe.Add(ref w2, i))));
                f3 = TLanes.Add(f3, TLanes.Multiply(si, TLanes.Create(Unsafe.Add(ref w3, i))));
            }
            ref var target = ref Unsafe.Add(ref f, j * lanes);
            TLanes.Store(f0, ref target);
            TLanes.Store(f1, ref Unsafe.Add(ref target, lanes));
            TLanes.Store(f2, ref Unsafe.Add(ref target, 2 * lanes));
            TLanes.Store(f3, ref Unsafe.Add(ref target, 3 * lanes));
        }
        for (; j < h; j++)
        {
            ref var w = ref Unsafe.Add(ref whT, j * h);
            ref var row = ref s;
            var sum = TLanes.Multiply(TLanes.Load(in row), TLanes.Create(w));
            for (var i = 1; i < h; i++)
            {
                row = ref Unsafe.Add(ref row, lanes);
                sum = TLanes.Add(sum, TLanes.Multiply(TLanes.Load(in row), TLanes.Create(Unsafe.Add(ref w, i))));
            }
            TLanes.Store(sum, ref Unsafe.Add(ref f, j * lanes));
        }
    }

    /// <summary>
    /// The lanes whose output sigmoid(dot) is above 0.5 (the emitted 1s). That holds exactly when dot &gt; 0 and
    /// exp(−dot) rounds below 1 − 2^−53, which is certain from 1e−10 up and impossible at 0 or below (exp of a
    /// non-negative number is at least 1); the few lanes in between, and NaN, ask the sigmoid itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint EmittedBits<TVector, TLanes>(TVector dot, uint lanes, ExpKind exp)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var ones = TLanes.GreaterThanBits(dot, TLanes.Create(1e-10));
        var unsure = lanes & ~(ones | TLanes.LessThanOrEqualBits(dot, TLanes.Create(0)));
        return unsure == 0 ? ones & lanes : (ones & lanes) | EmittedOnes<TVector, TLanes>(dot, unsure, exp);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint EmittedOnes<TVector, TLanes>(TVector dot, uint lanes, ExpKind exp)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        Span<double> values = stackalloc double[TLanes.Count];
        TLanes.Store(dot, ref values[0]);
        var ones = 0u;
        for (var l = 0; l < values.Length; l++)
        {
            if ((lanes & (1u << l)) != 0 && Rnn.Sigmoid(values[l], exp) > 0.5)
            {
                ones |= 1u << l;
            }
        }
        return ones;
    }
}
