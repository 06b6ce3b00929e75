namespace RnnCalc.Network.Cells;

/// <summary>
/// What PyTorch's recurrent cells share: G gate blocks of H units, both bias vectors, and the output layer
/// p = σ(out.weight · h + out.bias). The tensors and their layouts are PyTorch's, so a state_dict maps onto them:
/// <code>
/// weight_ih    (G·H)×2    rnn.weight_ih_l0, gate blocks stacked in PyTorch's order
/// weight_hh    (G·H)×H    rnn.weight_hh_l0
/// bias_ih      (G·H)×1    rnn.bias_ih_l0
/// bias_hh      (G·H)×1    rnn.bias_hh_l0
/// out.weight   1×H        out.weight (nn.Linear(H, 1))
/// out.bias     1×1        out.bias
/// </code>
/// Initial weights are PyTorch's bound 1/√H for every tensor (nn.Linear(H, 1) has the same), h0 = c0 = 0.
/// </summary>
internal abstract class PyTorchCell : Cell
{
    private protected PyTorchCell()
    {
    }

    /// <summary>Gate blocks: 1 for tanh, 3 for GRU (r, z, n), 4 for LSTM (i, f, g, o).</summary>
    public int Gates => GateNames.Count;

    /// <summary>The gate blocks' names in PyTorch's order: h (tanh), r z n (GRU), i f g o (LSTM).</summary>
    public abstract IReadOnlyList<string> GateNames { get; }

    public override TensorTable Table(int hidden)
    {
        var rows = Gates * hidden;
        return new([("weight_ih", rows, RecurrentNetwork.InputSize), ("weight_hh", rows, hidden), ("bias_ih", rows, 1), ("bias_hh", rows, 1), ("out.weight", 1, hidden), ("out.bias", 1, 1)]);
    }

    public override double DefaultInitScale(int hidden) => 1 / Math.Sqrt(hidden);

    /// <summary>The state_dict key of a tensor of a module with submodules <c>rnn</c> and <c>out</c>: <c>weight_ih</c> → <c>rnn.weight_ih_l0</c>.</summary>
    public static string StateDictKey(string tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.StartsWith("out.", StringComparison.Ordinal) ? tensor : $"rnn.{tensor}_l0";
    }

    public override double DefaultInitialHidden => 0;

    /// <summary>Where each tensor starts in the flat buffer (the table's offsets, computed without allocating).</summary>
    internal readonly record struct Layout(int Hidden, int Rows)
    {
        public int WeightHh => 2 * Rows;

        public int BiasIh => WeightHh + (Rows * Hidden);

        public int BiasHh => BiasIh + Rows;

        public int OutWeight => BiasHh + Rows;

        public int OutBias => OutWeight + Hidden;
    }

    internal Layout LayoutOf(RecurrentNetwork network) => new(network.Hidden, Gates * network.Hidden);

    /// <summary>
    /// BPTT for every PyTorch cell, newest step first: the output layer's share at each step (into dh, with the delta
    /// flowing back from the next step), then the cell's own gates (<see cref="GatesBackward"/>), which leave the
    /// delta for the step before in <c>future</c>.
    /// </summary>
    internal sealed override void Backward(RecurrentNetwork network, BitSequence sequence, Unrolling run, Gradient update)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(update);
        var l = LayoutOf(network);
        var h = l.Hidden;
        var w = network.Weights;
        var g = update.Values;
        // scratch: dh (H), future (H), then the cell's own (gate deltas, an LSTM's future c).
        run.Scratch.AsSpan().Clear();
        var dh = run.Scratch.AsSpan(0, h);
        var future = run.Scratch.AsSpan(h, h);
        var own = run.Scratch.AsSpan(2 * h);
        var cacheSize = CacheSize(h);
        for (var t = run.Length - 1; t >= 0; t--)
        {
            var state = run.StateAfter(t);
            OutputBackward(w, g, l, run.OutputDeltas[t], state[..h], future, dh);
            GatesBackward(w, g, l, sequence.A[t], sequence.B[t], run.StateAfter(t - 1), state, run.Cache.AsSpan(t * cacheSize, cacheSize), dh, future, own);
        }
    }

    /// <summary>
    /// One step's gates backward: from dh (the state's delta) to every gate's weights, and the previous step's
    /// delta written into <paramref name="future"/>.
    /// </summary>
    private protected abstract void GatesBackward(double[] w, double[] g, Layout l, double x0, double x1, ReadOnlySpan<double> previous, ReadOnlySpan<double> state, ReadOnlySpan<double> cache, ReadOnlySpan<double> dh, Span<double> future, Span<double> own);

    /// <summary>W_ih[row] · x + b_ih[row]   (one gate unit's input share)</summary>
    private protected static double FromInput(double[] w, Layout l, int row, double x0, double x1) =>
        (w[2 * row] * x0) + (w[(2 * row) + 1] * x1) + w[l.BiasIh + row];

    /// <summary>W_hh[row] · h + b_hh[row]   (one gate unit's recurrent share)</summary>
    private protected static double FromHidden(double[] w, Layout l, int row, ReadOnlySpan<double> h)
    {
        var at = l.WeightHh + (row * l.Hidden);
        var sum = 0.0;
        for (var k = 0; k < l.Hidden; k++)
        {
            sum += w[at + k] * h[k];
        }
        return sum + w[l.BiasHh + row];
    }

    /// <summary>p = σ(out.weight · h + out.bias)</summary>
    private protected static double Output(RecurrentNetwork network, Layout l, ReadOnlySpan<double> h)
    {
        var w = network.Weights;
        var z = 0.0;
        for (var j = 0; j < l.Hidden; j++)
        {
            z += w[l.OutWeight + j] * h[j];
        }
        return Rnn.Sigmoid(z + w[l.OutBias], network.Exp);
    }

    /// <summary>
    /// Backward through the output layer at one step: out.weight += δ·h, out.bias += δ, and the state's delta
    /// dh = δ·out.weight + the delta flowing back from the next step.
    /// </summary>
    private protected static void OutputBackward(double[] w, double[] update, Layout l, double outputDelta, ReadOnlySpan<double> h, ReadOnlySpan<double> future, Span<double> dh)
    {
        for (var j = 0; j < l.Hidden; j++)
        {
            update[l.OutWeight + j] += outputDelta * h[j];
            dh[j] = (outputDelta * w[l.OutWeight + j]) + future[j];
        }
        update[l.OutBias] += outputDelta;
    }

    /// <summary>
    /// A gate unit's pre-activation delta into its weights: W_ih[row] += δih·x, b_ih[row] += δih,
    /// W_hh[row] += δhh·h_prev, b_hh[row] += δhh (δhh differs from δih only for GRU's n gate, which r scales).
    /// </summary>
    private protected static void GateBackward(double[] update, Layout l, int row, double deltaIh, double deltaHh, double x0, double x1, ReadOnlySpan<double> previous)
    {
        update[2 * row] += deltaIh * x0;
        update[(2 * row) + 1] += deltaIh * x1;
        update[l.BiasIh + row] += deltaIh;
        update[l.BiasHh + row] += deltaHh;
        var at = l.WeightHh + (row * l.Hidden);
        for (var k = 0; k < l.Hidden; k++)
        {
            update[at + k] += deltaHh * previous[k];
        }
    }

    /// <summary>The previous state's delta through the recurrent weights: into[k] += Σ_row W_hh[row, k] · δhh[row].</summary>
    private protected static void IntoPrevious(double[] w, Layout l, ReadOnlySpan<double> deltaHh, Span<double> into)
    {
        for (var row = 0; row < l.Rows; row++)
        {
            var at = l.WeightHh + (row * l.Hidden);
            var d = deltaHh[row];
            for (var k = 0; k < l.Hidden; k++)
            {
                into[k] += w[at + k] * d;
            }
        }
    }

    private protected static double Sigma(double x, RecurrentNetwork network) => Rnn.Sigmoid(x, network.Exp);
}
