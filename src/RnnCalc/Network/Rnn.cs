namespace RnnCalc.Network;

/// <summary>
/// The scalar reference path for every cell: forward and backward as the network's cell writes them (the
/// tutorial's cell in the tutorial's arithmetic order, so its printed digits come out the same), and the plain
/// SGD step. Optimised kernels are tested equal to it.
/// </summary>
internal static class Rnn
{
    /// <summary>sigmoid(x) = 1 / (1 + exp(−x)), exactly as the tutorial writes it, with the chosen exp.</summary>
    public static double Sigmoid(double x, ExpKind exp) => 1 / (1 + (exp == ExpKind.Libm ? Math.Exp(-x) : NumpyExp.Exp(-x)));

    /// <summary>Runs the network over a sequence, least-significant bit first (see <see cref="Cells.Cell.Forward"/>).</summary>
    public static void Forward(RecurrentNetwork net, BitSequence seq, Unrolling run)
    {
        ArgumentNullException.ThrowIfNull(net);
        net.Cell.Forward(net, seq, run);
    }

    /// <summary>Backpropagation through time over the last forward pass (see <see cref="Cells.Cell.Backward"/>).</summary>
    public static void Backward(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
    {
        ArgumentNullException.ThrowIfNull(net);
        net.Cell.Backward(net, seq, run, update);
    }

    /// <summary>weight += update · learning rate (the tutorial's plain SGD step), over the whole flat buffer.</summary>
    public static void Apply(RecurrentNetwork net, Gradient update, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(update);
        var weights = net.Weights;
        var values = update.Values;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] += values[i] * learningRate;
        }
    }
}
