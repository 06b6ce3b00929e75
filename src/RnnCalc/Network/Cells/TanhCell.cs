namespace RnnCalc.Network.Cells;

/// <summary>
/// PyTorch's <c>nn.RNN(2, H, nonlinearity='tanh')</c> with an output layer:
/// <code>
/// h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)        (H)
/// p_t = σ(out.weight · h_t + out.bias)                     (1)
/// </code>
/// </summary>
internal sealed class TanhCell : PyTorchCell
{
    internal TanhCell()
    {
    }

    public override string Name => "tanh";

    public override string Description => "PyTorch's nn.RNN with tanh: h = tanh(W_ih·x + b_ih + W_hh·h + b_hh), p = σ(out·h + b)";

    public override IReadOnlyList<string> GateNames { get; } = ["h"];

    internal override int ScratchSize(int hidden) => 3 * hidden;

    internal override double StepForward(RecurrentNetwork network, double x0, double x1, ReadOnlySpan<double> previous, Span<double> current, Span<double> cache)
    {
        ArgumentNullException.ThrowIfNull(network);
        var l = LayoutOf(network);
        var w = network.Weights;
        for (var u = 0; u < l.Hidden; u++)
        {
            current[u] = Math.Tanh(FromInput(w, l, u, x0, x1) + FromHidden(w, l, u, previous));
        }
        return Output(network, l, current);
    }

    private protected override void GatesBackward(double[] w, double[] g, Layout l, double x0, double x1, ReadOnlySpan<double> previous, ReadOnlySpan<double> state, ReadOnlySpan<double> cache, ReadOnlySpan<double> dh, Span<double> future, Span<double> own)
    {
        var h = l.Hidden;
        var da = own[..h];
        for (var u = 0; u < h; u++)
        {
            // in the forward pass this was h = tanh(a), so δa = δh · (1 − h²)
            da[u] = dh[u] * (1 - (state[u] * state[u]));
            GateBackward(g, l, u, da[u], da[u], x0, x1, previous);
        }
        future.Clear();
        IntoPrevious(w, l, da, future);
    }
}
