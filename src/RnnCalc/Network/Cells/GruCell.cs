namespace RnnCalc.Network.Cells;

/// <summary>
/// PyTorch's <c>nn.GRU(2, H)</c> with an output layer; gate blocks r, z, n in that order:
/// <code>
/// r = σ(W_ir x + b_ir + W_hr h + b_hr)                     (H)
/// z = σ(W_iz x + b_iz + W_hz h + b_hz)                     (H)
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))            (H)
/// h' = (1 − z) ⊙ n + z ⊙ h                                 (H)
/// p = σ(out.weight · h' + out.bias)                        (1)
/// </code>
/// The cache keeps r, z, n and W_hn h + b_hn per step.
/// </summary>
internal sealed class GruCell : PyTorchCell
{
    internal GruCell()
    {
    }

    public override string Name => "gru";

    public override string Description => "PyTorch's nn.GRU: gates r, z, n; h = (1 − z)·n + z·h, p = σ(out·h + b)";

    public override IReadOnlyList<string> GateNames { get; } = ["r", "z", "n"];

    internal override int CacheSize(int hidden) => 4 * hidden;

    internal override int ScratchSize(int hidden) => 5 * hidden;

    internal override double StepForward(RecurrentNetwork network, double x0, double x1, ReadOnlySpan<double> previous, Span<double> current, Span<double> cache)
    {
        ArgumentNullException.ThrowIfNull(network);
        var l = LayoutOf(network);
        var h = l.Hidden;
        var w = network.Weights;
        for (var u = 0; u < h; u++)
        {
            var r = Sigma(FromInput(w, l, u, x0, x1) + FromHidden(w, l, u, previous), network);
            var z = Sigma(FromInput(w, l, h + u, x0, x1) + FromHidden(w, l, h + u, previous), network);
            var hn = FromHidden(w, l, (2 * h) + u, previous);
            var n = Math.Tanh(FromInput(w, l, (2 * h) + u, x0, x1) + (r * hn));
            current[u] = ((1 - z) * n) + (z * previous[u]);
            cache[u] = r;
            cache[h + u] = z;
            cache[(2 * h) + u] = n;
            cache[(3 * h) + u] = hn;
        }
        return Output(network, l, current);
    }

    private protected override void GatesBackward(double[] w, double[] g, Layout l, double x0, double x1, ReadOnlySpan<double> previous, ReadOnlySpan<double> state, ReadOnlySpan<double> cache, ReadOnlySpan<double> dh, Span<double> future, Span<double> own)
    {
        var h = l.Hidden;
        // δ of each gate block's recurrent share, (3H): r, z, and n's W_hn h + b_hn, which r scales.
        var deltaHh = own[..(3 * h)];
        for (var u = 0; u < h; u++)
        {
            double r = cache[u], z = cache[h + u], n = cache[(2 * h) + u], hn = cache[(3 * h) + u];
            // h' = (1 − z)·n + z·h: δn = δh'·(1 − z), δz = δh'·(h − n), and z·δh' flows straight to h
            var deltaN = dh[u] * (1 - z) * (1 - (n * n));
            var deltaR = deltaN * hn * r * (1 - r);
            var deltaZ = dh[u] * (previous[u] - n) * z * (1 - z);
            GateBackward(g, l, u, deltaR, deltaR, x0, x1, previous);
            GateBackward(g, l, h + u, deltaZ, deltaZ, x0, x1, previous);
            GateBackward(g, l, (2 * h) + u, deltaN, deltaN * r, x0, x1, previous);
            deltaHh[u] = deltaR;
            deltaHh[h + u] = deltaZ;
            deltaHh[(2 * h) + u] = deltaN * r;
            future[u] = dh[u] * z;
        }
        IntoPrevious(w, l, deltaHh, future);
    }
}
