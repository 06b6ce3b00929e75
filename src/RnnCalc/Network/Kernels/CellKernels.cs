using RnnCalc.Network.Cells;

namespace RnnCalc.Network.Kernels;

/// <summary>
/// The one place that picks a network's kernels: <see cref="ExactKernels"/> for the cells it serves (bit for bit the
/// reference), <see cref="GatedKernels"/> for the cells it serves (within 1e-12 of it), and the cell's scalar
/// reference (<see cref="Rnn"/>) for every other cell.
/// </summary>
internal static class CellKernels
{
    /// <summary>True when some kernel serves the cell (false: it runs its reference step).</summary>
    public static bool Serves(Cell cell) => ExactKernels.Serves(cell) || GatedKernels.Serves(cell);

    /// <summary>Same contract as <see cref="Rnn.Forward"/>.</summary>
    public static void Forward(RecurrentNetwork net, BitSequence seq, Unrolling run)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (ExactKernels.Serves(net.Cell))
        {
            ExactKernels.Forward(net, seq, run);
        }
        else if (GatedKernels.Serves(net.Cell))
        {
            GatedKernels.Forward(net, seq, run);
        }
        else
        {
            Rnn.Forward(net, seq, run);
        }
    }

    /// <summary>Same contract as <see cref="Rnn.Backward"/>.</summary>
    public static void Backward(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (ExactKernels.Serves(net.Cell))
        {
            ExactKernels.Backward(net, seq, run, update);
        }
        else if (GatedKernels.Serves(net.Cell))
        {
            GatedKernels.Backward(net, seq, run, update);
        }
        else
        {
            Rnn.Backward(net, seq, run, update);
        }
    }
}
