using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// The GRU's step on boxes, in PyTorch's form:
/// <code>
/// r = σ(W_ir x + b_ir + W_hr h + b_hr)      z = σ(W_iz x + b_iz + W_hz h + b_hz)
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
/// h' = (1 − z) ⊙ n + z ⊙ h
/// </code>
/// For z in [0, 1], h' is a convex combination of n and h, increasing in both, and linear in z: its range over the
/// intervals is reached at the ends of z's, with n and h at their own ends.
/// </summary>
internal sealed class GruEnclosure(RecurrentNetwork network, double weightRadius) : GatedEnclosure(network, weightRadius)
{
    private protected override void StepUnit(int u, int pair, Box from, Box into)
    {
        var h = Hidden;
        var (r, z) = (SigmoidGate(0, u, pair, from), SigmoidGate(1, u, pair, from));
        var hn = FromHidden((2 * h) + u, from);
        // fl(W_in x + b_in + fl(r · hn)): the product and the sum each round once.
        var scaled = IntervalArithmetic.Rounded(IntervalArithmetic.Multiply(r, hn));
        var n = IntervalArithmetic.Tanh(IntervalArithmetic.Rounded(IntervalArithmetic.Add(FromInput((2 * h) + u, pair), scaled)));
        var previous = from[u];
        var lo = Math.Min(Combine(z.Lo, n.Lo, previous.Lo), Combine(z.Hi, n.Lo, previous.Lo));
        var hi = Math.Max(Combine(z.Lo, n.Hi, previous.Hi), Combine(z.Hi, n.Hi, previous.Hi));
        // Our evaluation of the ends and the network's ((1 − z)·n, z·h, and their sum) each err by at most
        // 3u·(|n| + |h|) for z in [0, 1].
        var slack = SoundMath.Inflate(8 * SoundMath.Unit * (IntervalArithmetic.Magnitude(n) + IntervalArithmetic.Magnitude(previous)));
        (into.Lo[u], into.Hi[u]) = (SoundMath.Down(lo - slack), SoundMath.Up(hi + slack));
    }

    private static double Combine(double z, double n, double h) => ((1 - z) * n) + (z * h);
}
