using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Evaluation;

/// <summary>
/// Any list of problems run a vector of problems at a time (one lane each, hidden states stored by unit), in
/// exactly <see cref="Rnn.Forward"/>'s arithmetic per lane; batches spread over the cores, each writing only its
/// own problems' results, so the outcome does not depend on how they were shared out.
/// </summary>
internal static class SequenceBatches
{
    /// <summary>wrong[k] = the bit positions (least-significant first) the network gets wrong on problem k.</summary>
    public static void WrongBits(RecurrentNetwork network, ProblemSet problems, IReadOnlyList<Problem> set, ulong[] wrong, int maxDegreeOfParallelism)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            WrongBits<Vector512<double>, Lanes512>(network, problems, set, wrong, maxDegreeOfParallelism);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            WrongBits<Vector256<double>, Lanes256>(network, problems, set, wrong, maxDegreeOfParallelism);
        }
        else
        {
            WrongBits<Vector128<double>, Lanes128>(network, problems, set, wrong, maxDegreeOfParallelism);
        }
    }

    internal static void WrongBits<TVector, TLanes>(RecurrentNetwork network, ProblemSet problems, IReadOnlyList<Problem> set, ulong[] wrong, int maxDegreeOfParallelism)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = network.Hidden;
        var transposed = LaneSums.TransposedRecurrent(network);
        var lanes = TLanes.Count;
        var batches = (set.Count + lanes - 1) / lanes;
        var cores = (long)set.Count * problems.Steps * h < 2_000_000 ? 1 : maxDegreeOfParallelism;
        // Pieces of several batches, each writing its own results, copied in after all are done.
        const int batchesPerPiece = 16;
        var pieces = (batches + batchesPerPiece - 1) / batchesPerPiece;
        var results = WorkSharing.Run(
            pieces,
            cores,
            () => new double[3 * h * lanes],
            (buffers, piece) =>
            {
                var first = piece * batchesPerPiece * lanes;
                var count = Math.Min(batchesPerPiece * lanes, set.Count - first);
                var local = new ulong[count];
                for (var offset = 0; offset < count; offset += lanes)
                {
                    Run<TVector, TLanes>(network, transposed, problems.Steps, set, first + offset, local, offset, buffers);
                }
                return local;
            });
        for (var piece = 0; piece < pieces; piece++)
        {
            results[piece].CopyTo(wrong, piece * batchesPerPiece * lanes);
        }
    }

    /// <summary>
    /// Problems first … first + lanes − 1 (a short last batch repeats its first problem in the spare lanes);
    /// their wrong bits go to wrong[at …].
    /// </summary>
    private static void Run<TVector, TLanes>(RecurrentNetwork network, double[] transposed, int steps, IReadOnlyList<Problem> set, int first, ulong[] wrong, int at, double[] buffers)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = network.Hidden;
        var lanes = TLanes.Count;
        var used = Math.Min(lanes, set.Count - first);
        var usedLanes = (1u << used) - 1;
        Span<long> a = stackalloc long[lanes];
        Span<long> b = stackalloc long[lanes];
        Span<long> result = stackalloc long[lanes];
        Span<double> x0 = stackalloc double[lanes];
        Span<double> x1 = stackalloc double[lanes];
        for (var l = 0; l < lanes; l++)
        {
            var problem = set[first + (l < used ? l : 0)];
            (a[l], b[l], result[l]) = (problem.A, problem.B, problem.Result);
        }
        ref var prev = ref MemoryMarshal.GetArrayDataReference(buffers);
        ref var cur = ref Unsafe.Add(ref prev, h * lanes);
        ref var fromHidden = ref Unsafe.Add(ref cur, h * lanes);
        buffers.AsSpan(0, h * lanes).Fill(network.InitialHidden);
        var exp = network.Exp;
        Span<ulong> laneWrong = stackalloc ulong[lanes];
        for (var t = 0; t < steps; t++)
        {
            var target = 0u;
            for (var l = 0; l < lanes; l++)
            {
                x0[l] = (a[l] >> t) & 1;
                x1[l] = (b[l] >> t) & 1;
                target |= (uint)((result[l] >> t) & 1) << l;
            }
            var bitsA = TLanes.Load(in x0[0]);
            var bitsB = TLanes.Load(in x1[0]);
            var dot = LaneSums.Step<TVector, TLanes>(network, transposed, bitsA, bitsB, ref prev, ref cur, ref fromHidden);
            var emitted = LaneSums.EmittedBits<TVector, TLanes>(dot, usedLanes, exp);
            var miss = (emitted ^ target) & usedLanes;
            while (miss != 0)
            {
                var l = System.Numerics.BitOperations.TrailingZeroCount(miss);
                miss &= miss - 1;
                laneWrong[l] |= 1UL << t;
            }
            ref var swap = ref prev;
            prev = ref cur;
            cur = ref swap;
        }
        for (var l = 0; l < used; l++)
        {
            wrong[at + l] = laneWrong[l];
        }
    }
}
