using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Arithmetic;

/// <summary>
/// The one place the calculator runs a network on bits: a single sequence on the exact kernel (which can keep
/// every hidden state for a trace), several at once a vector of sequences at a time. Both are bit for bit
/// <see cref="Rnn.Forward"/>, so a run gives the same bits whichever way it went.
/// </summary>
internal static class NetworkPass
{
    /// <summary>emitted[k] = the bits the network emits on sequences[k]; with <paramref name="keepStates"/> (one sequence) the unrolling is returned for its trace.</summary>
    public static Unrolling? Run(RecurrentNetwork network, IReadOnlyList<BitSequence> sequences, IReadOnlyList<byte[]> emitted, bool keepStates)
    {
        if (keepStates && sequences.Count != 1)
        {
            throw new ArgumentException("states are kept for one sequence at a time", nameof(keepStates));
        }
        // The lane kernel is the tutorial cell's; other cells run one sequence at a time on their reference step.
        if (sequences.Count >= LaneRuns.Lanes && ExactKernels.Serves(network.Cell))
        {
            LaneRuns.Emit(network, sequences, emitted);
            return null;
        }
        if (sequences.Count > 1)
        {
            // Fewer than a vector of sequences: one each on the single-sequence kernel, which is quicker per step, on all cores.
            var results = WorkSharing.Run(sequences.Count, -1, () => 0, (_, k) =>
            {
                var bits = new byte[sequences[k].Length];
                Run(network, [sequences[k]], [bits], keepStates: false);
                return bits;
            });
            for (var k = 0; k < results.Length; k++)
            {
                results[k].CopyTo(emitted[k], 0);
            }
            return null;
        }
        Unrolling? run = null;
        if (sequences.Count == 1)
        {
            var sequence = sequences[0];
            run = network.NewUnrolling(sequence.Length);
            ExactKernels.Forward(network, sequence, run);
            for (var t = 0; t < sequence.Length; t++)
            {
                emitted[0][t] = run.EmittedBit(t);
            }
        }
        return keepStates ? run : null;
    }
}
