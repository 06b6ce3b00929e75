namespace RnnCalc.Network.Cells;

/// <summary>
/// The tutorial's cell, in the tutorial's arithmetic order (so its printed digits come out the same):
/// <code>
/// tutorial        tensor       shape   meaning
/// weight_0        input        2×H     input bit i → hidden unit j
/// weight_1        output       H×1     hidden unit j → output
/// weight_h        recurrent    H×H     hidden unit i at t−1 → hidden unit j at t
/// layer_1         h            (H)     hidden state, h0 = 0.1
/// layer_2         p            (1)     output probability
/// </code>
/// The table lists weight_0, weight_1, weight_h in the order the tutorial draws them.
/// </summary>
internal sealed class SigmoidCell : Cell
{
    internal SigmoidCell()
    {
    }

    public override string Name => "sigmoid";

    public override string Description => "the tutorial's RNN: h = σ(x·W0 + h·Wh), p = σ(h·W1), no biases, h0 = 0.1";

    public override TensorTable Table(int hidden) =>
        new([("input", RecurrentNetwork.InputSize, hidden), ("output", hidden, 1), ("recurrent", hidden, hidden)]);

    internal override int ScratchSize(int hidden) => 2 * hidden;

    public override double DefaultInitScale(int hidden) => 0.05;

    public override double DefaultInitialHidden => 0.1;

    internal override double StepForward(RecurrentNetwork network, double x0, double x1, ReadOnlySpan<double> previous, Span<double> current, Span<double> cache)
    {
        ArgumentNullException.ThrowIfNull(network);
        var h = network.Hidden;
        var w0 = network.Input;
        var wh = network.Recurrent;
        var w1 = network.Output;
        // layer_1 = sigmoid(np.dot(X, weight_0) + np.dot(layer_1_values[-1], weight_h))     (H)
        for (var j = 0; j < h; j++)
        {
            var fromInput = (x0 * w0[j]) + (x1 * w0[h + j]);
            var fromHidden = previous[0] * wh[j];
            for (var i = 1; i < h; i++)
            {
                fromHidden += previous[i] * wh[(i * h) + j];
            }
            current[j] = Rnn.Sigmoid(fromInput + fromHidden, network.Exp);
        }
        // layer_2 = sigmoid(np.dot(layer_1, weight_1))                                        (1)
        var z = current[0] * w1[0];
        for (var j = 1; j < h; j++)
        {
            z += current[j] * w1[j];
        }
        return Rnn.Sigmoid(z, network.Exp);
    }

    internal override void Backward(RecurrentNetwork network, BitSequence sequence, Unrolling run, Gradient update)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(update);
        var h = network.Hidden;
        var wh = network.Recurrent;
        var w1 = network.Output;
        var updateInput = update.Input;
        var updateRecurrent = update.Recurrent;
        var updateOutput = update.Output;
        var states = run.HiddenStates;
        var delta = run.Scratch.AsSpan(0, h);
        var future = run.Scratch.AsSpan(h, h);
        future.Clear();
        for (var t = run.Length - 1; t >= 0; t--)
        {
            var cur = (t + 1) * h;
            var prev = t * h;
            var outputDelta = run.OutputDeltas[t];
            double x0 = sequence.A[t], x1 = sequence.B[t];
            for (var j = 0; j < h; j++)
            {
                // weight_1_update += layer_1.T · layer_2_delta                                    (H×1)
                updateOutput[j] += states[cur + j] * outputDelta;
            }
            for (var i = 0; i < h; i++)
            {
                // in the forward pass this was layer_1 = sigmoid(X·W0 + prev·Wh), so the hidden delta is
                // (future_delta · Whᵀ + layer_2_delta · W1ᵀ) · layer_1 · (1 − layer_1)              (H)
                var row = i * h;
                var back = future[0] * wh[row];
                for (var k = 1; k < h; k++)
                {
                    back += future[k] * wh[row + k];
                }
                var s = states[cur + i];
                delta[i] = (back + (outputDelta * w1[i])) * (s * (1 - s));
            }
            for (var i = 0; i < h; i++)
            {
                // weight_h_update += prev_layer_1.T · layer_1_delta                               (H×H)
                var p = states[prev + i];
                var row = i * h;
                for (var j = 0; j < h; j++)
                {
                    updateRecurrent[row + j] += p * delta[j];
                }
            }
            for (var j = 0; j < h; j++)
            {
                // weight_0_update += X.T · layer_1_delta                                          (2×H)
                updateInput[j] += x0 * delta[j];
                updateInput[h + j] += x1 * delta[j];
            }
            delta.CopyTo(future);
        }
    }
}
