using RnnCalc.Network;
using RnnCalc.Network.Cells;

namespace RnnCalc.Verification;

/// <summary>One step of the network on a concrete hidden state, in exactly <see cref="Rnn.Forward"/>'s arithmetic order (it is the same step).</summary>
internal static class NetworkStep
{
    /// <summary>Writes the next state into <paramref name="into"/> and returns the output probability: the cell's own reference step.</summary>
    public static double Run(RecurrentNetwork network, ReadOnlySpan<double> hidden, int pair, Span<double> into)
    {
        Span<double> cache = stackalloc double[network.Cell.CacheSize(network.Hidden)];
        return network.Cell.StepForward(network, InputPair.A(pair), InputPair.B(pair), hidden, into, cache);
    }

    /// <summary>The state every sequence starts from (h0, and c0 = 0 for an LSTM).</summary>
    public static double[] Initial(RecurrentNetwork network)
    {
        var state = new double[network.Cell.StateSize(network.Hidden)];
        Cell.InitialState(network, state);
        return state;
    }
}
