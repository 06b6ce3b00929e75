namespace RnnCalc.Network.Cells;

/// <summary>
/// PyTorch's <c>nn.LSTM(2, H)</c> with an output layer; gate blocks i, f, g, o in that order, state (h, c):
/// <code>
/// i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)            (H each)
/// g = tanh(W_ig x + b_ig + W_hg h + b_hg)  o = σ(W_io x + b_io + W_ho h + b_ho)
/// c' = f ⊙ c + i ⊙ g                                                                       (H)
/// h' = o ⊙ tanh(c')                                                                        (H)
/// p = σ(out.weight · h' + out.bias)                                                        (1)
/// </code>
/// The cache keeps i, f, g, o and tanh(c') per step.
/// </summary>
internal sealed class LstmCell : PyTorchCell
{
    internal LstmCell()
    {
    }

    public override string Name => "lstm";

    public override string Description => "PyTorch's nn.LSTM: gates i, f, g, o; c = f·c + i·g, h = o·tanh(c), p = σ(out·h + b)";

    public override IReadOnlyList<string> GateNames { get; } = ["i", "f", "g", "o"];

    public override IReadOnlyList<string> StateNames { get; } = ["h", "c"];

    internal override int CacheSize(int hidden) => 5 * hidden;

    internal override int ScratchSize(int hidden) => 7 * hidden;

    internal override double StepForward(RecurrentNetwork network, double x0, double x1, ReadOnlySpan<double> previous, Span<double> current, Span<double> cache)
    {
        ArgumentNullException.ThrowIfNull(network);
        var l = LayoutOf(network);
        var h = l.Hidden;
        var w = network.Weights;
        var hPrev = previous[..h];
        for (var u = 0; u < h; u++)
        {
            var i = Sigma(FromInput(w, l, u, x0, x1) + FromHidden(w, l, u, hPrev), network);
            var f = Sigma(FromInput(w, l, h + u, x0, x1) + FromHidden(w, l, h + u, hPrev), network);
            var g = Math.Tanh(FromInput(w, l, (2 * h) + u, x0, x1) + FromHidden(w, l, (2 * h) + u, hPrev));
            var o = Sigma(FromInput(w, l, (3 * h) + u, x0, x1) + FromHidden(w, l, (3 * h) + u, hPrev), network);
            var c = (f * previous[h + u]) + (i * g);
            var tc = Math.Tanh(c);
            current[u] = o * tc;
            current[h + u] = c;
            cache[u] = i;
            cache[h + u] = f;
            cache[(2 * h) + u] = g;
            cache[(3 * h) + u] = o;
            cache[(4 * h) + u] = tc;
        }
        return Output(network, l, current[..h]);
    }

    private protected override void GatesBackward(double[] w, double[] g, Layout l, double x0, double x1, ReadOnlySpan<double> previous, ReadOnlySpan<double> state, ReadOnlySpan<double> cache, ReadOnlySpan<double> dh, Span<double> future, Span<double> own)
    {
        var h = l.Hidden;
        var futureC = own[..h];
        // δ of each gate's pre-activation, (4H): i, f, g, o.
        var delta = own.Slice(h, 4 * h);
        for (var u = 0; u < h; u++)
        {
            double i = cache[u], f = cache[h + u], gg = cache[(2 * h) + u], o = cache[(3 * h) + u], tc = cache[(4 * h) + u];
            // h' = o·tanh(c'): δo = δh'·tanh(c'), δc' = δh'·o·(1 − tanh²(c')) + δc' from the next step
            var dc = (dh[u] * o * (1 - (tc * tc))) + futureC[u];
            // c' = f·c + i·g: δi = δc'·g, δg = δc'·i, δf = δc'·c, and f·δc' flows to c
            delta[u] = dc * gg * i * (1 - i);
            delta[h + u] = dc * previous[h + u] * f * (1 - f);
            delta[(2 * h) + u] = dc * i * (1 - (gg * gg));
            delta[(3 * h) + u] = dh[u] * tc * o * (1 - o);
            futureC[u] = dc * f;
        }
        var hPrev = previous[..h];
        for (var row = 0; row < l.Rows; row++)
        {
            GateBackward(g, l, row, delta[row], delta[row], x0, x1, hPrev);
        }
        future.Clear();
        IntoPrevious(w, l, delta, future);
    }
}
