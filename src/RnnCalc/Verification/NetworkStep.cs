using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>One step of the network on a concrete hidden state, in exactly <see cref="Rnn.Forward"/>'s arithmetic order.</summary>
internal static class NetworkStep
{
    /// <summary>Writes the next hidden state into <paramref name="into"/> and returns the output probability.</summary>
    public static double Run(RecurrentNetwork network, ReadOnlySpan<double> hidden, int pair, Span<double> into)
    {
        var h = network.Hidden;
        var w0 = network.Input;
        var wh = network.Recurrent;
        double x0 = InputPair.A(pair), x1 = InputPair.B(pair);
        for (var j = 0; j < h; j++)
        {
            var fromInput = (x0 * w0[j]) + (x1 * w0[h + j]);
            var fromHidden = hidden[0] * wh[j];
            for (var i = 1; i < h; i++)
            {
                fromHidden += hidden[i] * wh[(i * h) + j];
            }
            into[j] = Rnn.Sigmoid(fromInput + fromHidden, network.Exp);
        }
        var z = into[0] * network.Output[0];
        for (var j = 1; j < h; j++)
        {
            z += into[j] * network.Output[j];
        }
        return Rnn.Sigmoid(z, network.Exp);
    }

    public static double[] Initial(RecurrentNetwork network)
    {
        var state = new double[network.Hidden];
        Array.Fill(state, network.InitialHidden);
        return state;
    }
}
