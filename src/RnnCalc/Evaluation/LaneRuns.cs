using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Evaluation;

/// <summary>
/// Sequences of any length run a vector of them at a time (one lane each, hidden states stored by unit), in
/// exactly <see cref="Rnn.Forward"/>'s arithmetic per lane, giving the emitted bits: the calculator's batches of
/// independent additions and trial subtractions. Groups of lanes spread over the cores, each writing its own.
/// </summary>
internal static class LaneRuns
{
    /// <summary>Sequences per vector on this processor.</summary>
    public static int Lanes => Vector512.IsHardwareAccelerated ? Vector512<double>.Count : Vector256.IsHardwareAccelerated ? Vector256<double>.Count : Vector128<double>.Count;

    public static void Emit(RecurrentNetwork network, IReadOnlyList<BitSequence> sequences, IReadOnlyList<byte[]> emitted)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Emit<Vector512<double>, Lanes512>(network, sequences, emitted);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Emit<Vector256<double>, Lanes256>(network, sequences, emitted);
        }
        else
        {
            Emit<Vector128<double>, Lanes128>(network, sequences, emitted);
        }
    }

    internal static void Emit<TVector, TLanes>(RecurrentNetwork network, IReadOnlyList<BitSequence> sequences, IReadOnlyList<byte[]> emitted)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = network.Hidden;
        var transposed = LaneSums.TransposedRecurrent(network);
        var lanes = TLanes.Count;
        var groups = (sequences.Count + lanes - 1) / lanes;
        var work = sequences.Sum(s => (long)s.Length) * h;
        // A group's results are its own arrays, copied in after all are done (a group may be computed twice).
        var results = WorkSharing.Run(
            groups,
            work < 2_000_000 ? 1 : -1,
            () => new double[3 * h * lanes],
            (buffers, group) => Run<TVector, TLanes>(network, transposed, sequences, group * lanes, buffers));
        for (var group = 0; group < groups; group++)
        {
            for (var l = 0; l < results[group].Length; l++)
            {
                results[group][l].CopyTo(emitted[(group * lanes) + l], 0);
            }
        }
    }

    /// <summary>Sequences first … first + lanes − 1 (spare lanes read zeros), for as many steps as the longest.</summary>
    private static byte[][] Run<TVector, TLanes>(RecurrentNetwork network, double[] transposed, IReadOnlyList<BitSequence> sequences, int first, double[] buffers)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = network.Hidden;
        var lanes = TLanes.Count;
        var used = Math.Min(lanes, sequences.Count - first);
        var group = new BitSequence[used];
        var emitted = new byte[used][];
        var steps = 0;
        for (var l = 0; l < used; l++)
        {
            group[l] = sequences[first + l];
            emitted[l] = new byte[group[l].Length];
            steps = Math.Max(steps, group[l].Length);
        }
        Span<double> x0 = stackalloc double[lanes];
        Span<double> x1 = stackalloc double[lanes];
        ref var prev = ref MemoryMarshal.GetArrayDataReference(buffers);
        ref var cur = ref Unsafe.Add(ref prev, h * lanes);
        ref var fromHidden = ref Unsafe.Add(ref cur, h * lanes);
        buffers.AsSpan(0, h * lanes).Fill(network.InitialHidden);
        var exp = network.Exp;
        for (var t = 0; t < steps; t++)
        {
            var running = 0u;
            for (var l = 0; l < used; l++)
            {
                var sequence = group[l];
                if (t < sequence.Length)
                {
                    x0[l] = sequence.A[t];
                    x1[l] = sequence.B[t];
                    running |= 1u << l;
                }
                else
                {
                    x0[l] = 0;
                    x1[l] = 0;
                }
            }
            var bitsA = TLanes.Load(in x0[0]);
            var bitsB = TLanes.Load(in x1[0]);
            var dot = LaneSums.Step<TVector, TLanes>(network, transposed, bitsA, bitsB, ref prev, ref cur, ref fromHidden);
            var ones = LaneSums.EmittedBits<TVector, TLanes>(dot, running, exp);
            while (running != 0)
            {
                var l = System.Numerics.BitOperations.TrailingZeroCount(running);
                running &= running - 1;
                emitted[l][t] = (byte)((ones >> l) & 1);
            }
            ref var swap = ref prev;
            prev = ref cur;
            cur = ref swap;
        }
        return emitted;
    }
}
