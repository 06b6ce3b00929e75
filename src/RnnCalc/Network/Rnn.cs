namespace RnnCalc.Network;

/// <summary>
/// The scalar reference path: one forward/backward pair that reads like the tutorial's numpy lines, in the
/// same arithmetic order, so its printed digits come out the same. Optimised kernels are tested equal to it.
/// </summary>
public static class Rnn
{
    /// <summary>sigmoid(x) = 1 / (1 + exp(−x)), exactly as the tutorial writes it, with the chosen exp.</summary>
    public static double Sigmoid(double x, ExpKind exp) => 1 / (1 + (exp == ExpKind.Libm ? Math.Exp(-x) : NumpyExp.Exp(-x)));

    /// <summary>
    /// Runs the network over a sequence, least-significant bit first.
    /// seq is (T) steps of (a, b, y); states is ((T+1)×H) with row 0 = initial hidden; outputs/deltas are (T).
    /// </summary>
    public static void Forward(RecurrentNetwork net, BitSequence seq, Unrolling run)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(seq);
        ArgumentNullException.ThrowIfNull(run);
        var h = net.Hidden;
        var steps = seq.Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, run.Capacity);
        var states = run.HiddenStates;
        Array.Fill(states, net.InitialHidden, 0, h);
        var w0 = net.Input;
        var wh = net.Recurrent;
        var w1 = net.Output;
        var error = 0.0;
        for (var t = 0; t < steps; t++)
        {
            double x0 = seq.A[t], x1 = seq.B[t];
            var prev = t * h;
            var cur = prev + h;
            // layer_1 = sigmoid(np.dot(X, weight_0) + np.dot(layer_1_values[-1], weight_h))     (H)
            for (var j = 0; j < h; j++)
            {
                var fromInput = (x0 * w0[j]) + (x1 * w0[h + j]);
                var fromHidden = states[prev] * wh[j];
                for (var i = 1; i < h; i++)
                {
                    fromHidden += states[prev + i] * wh[(i * h) + j];
                }
                states[cur + j] = Sigmoid(fromInput + fromHidden, net.Exp);
            }
            // layer_2 = sigmoid(np.dot(layer_1, weight_1))                                        (1)
            var z = states[cur] * w1[0];
            for (var j = 1; j < h; j++)
            {
                z += states[cur + j] * w1[j];
            }
            var output = Sigmoid(z, net.Exp);
            // layer_2_error = y − layer_2; layer_2_delta = error · layer_2 · (1 − layer_2)
            var outputError = seq.Target[t] - output;
            run.Outputs[t] = output;
            run.OutputDeltas[t] = outputError * (output * (1 - output));
            error += Math.Abs(outputError);
        }
        run.Length = steps;
        run.Error = error;
    }

    /// <summary>
    /// Backpropagation through time over the last forward pass, newest step first, adding the update
    /// (minus the gradient of ½Σ(y − out)²) into <paramref name="update"/> as the tutorial's weight_*_update does.
    /// </summary>
    public static void Backward(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(seq);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(update);
        var h = net.Hidden;
        var wh = net.Recurrent;
        var w1 = net.Output;
        var states = run.HiddenStates;
        var delta = run.HiddenDelta;
        var future = run.FutureHiddenDelta;
        Array.Clear(future);
        for (var t = run.Length - 1; t >= 0; t--)
        {
            var cur = (t + 1) * h;
            var prev = t * h;
            var outputDelta = run.OutputDeltas[t];
            double x0 = seq.A[t], x1 = seq.B[t];
            for (var j = 0; j < h; j++)
            {
                // weight_1_update += layer_1.T · layer_2_delta                                    (H×1)
                update.Output[j] += states[cur + j] * outputDelta;
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
                    update.Recurrent[row + j] += p * delta[j];
                }
            }
            for (var j = 0; j < h; j++)
            {
                // weight_0_update += X.T · layer_1_delta                                          (2×H)
                update.Input[j] += x0 * delta[j];
                update.Input[h + j] += x1 * delta[j];
            }
            Array.Copy(delta, future, h);
        }
    }

    /// <summary>weight += update · learning rate (the tutorial's plain SGD step).</summary>
    public static void Apply(RecurrentNetwork net, Gradient update, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(update);
        AddScaled(net.Input, update.Input, learningRate);
        AddScaled(net.Output, update.Output, learningRate);
        AddScaled(net.Recurrent, update.Recurrent, learningRate);
    }

    private static void AddScaled(double[] weights, double[] update, double scale)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] += update[i] * scale;
        }
    }
}
