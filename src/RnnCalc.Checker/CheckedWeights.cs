using System.Numerics;

namespace RnnCalc.Checker;

/// <summary>
/// The weights as dyadics (each rounded down, so it errs by less than one unit u = 2^−50), with the rounding bounds
/// of the network's float64 execution (RnnCalc's reference step and its vector kernels), in units of u. Why they hold,
/// for bits as inputs and |h| ≤ 1 (a computed σ lies in [0, 1], a tanh and an LSTM's o·tanh(c) in [−1, 1], a GRU's
/// fl(fl(1 − z)·n) + fl(z·h) too: |fl(1 − z)| + z ≤ 1 + 2^−54 rounds to 1; and |h0| ≤ 1 is checked):
/// <list type="bullet">
/// <item>A sum of k products w·x (a bias is w·1) in any order with round-to-nearest errs by at most γₖ·Σ|terms|, γₖ =
/// k·2^−53/(1 − k·2^−53) ≤ (k + 1)·2^−53 (Higham, Accuracy and Stability, §3.1): a pre-activation has H + 2 terms in the
/// tutorial's cell, H + 4 in PyTorch's (W_ih x + b_ih + W_hh h + b_hh: two inputs, two biases); the output's H, and
/// H + 1 with out.bias. A GRU's n = tanh(W_in x + b_in + fl(r·(W_hn h + b_hn))) has two sums, each within its row's bound
/// (|r| ≤ 1); every other product or sum of the gates rounds once, by at most 2^−53 of its size.</item>
/// <item>With a weight radius ρ (every weight may be off by up to ρ), a sum of k terms moves by at most ρ·k, and its
/// Σ|terms| grows by as much; the dyadic weights are one more unit of radius.</item>
/// <item>The computed σ(x) = 1/(1 + exp(−x)) and tanh(x) err from the true functions at the same x by at most 2^−48
/// absolutely. For σ: numpy's, the C library's and the gates' vector exp (GateActivations) are within 4 ulps (2^−50
/// relative) where they do not over- or underflow, the addition and division add 2^−53 each, and σ ≤ 1; where exp
/// overflows or underflows, σ is within 2^−1000 of 0 or 1. For tanh: the C library's (Math.Tanh) is within a few ulps
/// of a value ≤ 1, and the gates' ±(e − 1)/(e + 1) with e = exp(2|x|) within 2^−50 (e's error moves it by at most half
/// as much, the three operations add 2^−53 each; from |x| = 20 on, where it saturates, tanh is within 2^−56 of ±1).</item>
/// </list>
/// These bounds on exp and tanh are the assumptions the checker does not prove.
/// </summary>
internal sealed class CheckedWeights
{
    /// <summary>2^−48 in units: how far a computed σ or tanh may be from the true one.</summary>
    public const long ActivationRounding = 4;

    /// <summary>An output pre-activation beyond ±2^−44 puts the computed σ on a definite side of 0.5 (σ(z) − ½ ≥ z/5 for 0 &lt; z ≤ 1).</summary>
    public const long OutputMargin = 64;

    /// <summary>The largest |weight| accepted: it keeps every float64 sum far from overflow, which γₖ assumes.</summary>
    private const double Largest = 1 << 12;

    public CheckedWeights(CheckedNetwork network, double weightRadius)
    {
        var n = Hidden = network.Hidden;
        Cell = network.Cell;
        double[] all = [.. network.Input, .. network.Recurrent, .. network.BiasIh, .. network.BiasHh, .. network.Output, network.OutputBias];
        var largest = all.Max(Math.Abs);
        CertificateChecker.Holds(largest < Largest / n, $"a weight of size {largest:R} is beyond what the checker accepts (|w| < {Largest / n:R})");
        BigInteger[] Dyadics(double[] weights) => [.. weights.Select(Dyadic.Floor)];
        (Input, Recurrent, BiasIh, BiasHh, Output, OutputBias) = (Dyadics(network.Input), Dyadics(network.Recurrent), Dyadics(network.BiasIh), Dyadics(network.BiasHh), Dyadics(network.Output), Dyadic.Floor(network.OutputBias));
        var radius = Dyadic.Ceiling(weightRadius) + 1;
        var (terms, outputs) = Cell == "sigmoid" ? (n + 2, n) : (n + 4, n + 1);
        PreRounding = [.. Enumerable.Range(0, BiasIh.Length).Select(r => Slack(BigInteger.Abs(Input[2 * r]) + BigInteger.Abs(Input[(2 * r) + 1]) + BigInteger.Abs(BiasIh[r]) + BigInteger.Abs(BiasHh[r]) + Magnitude(new ArraySegment<BigInteger>(Recurrent, r * n, n)), terms, radius))];
        OutputRounding = Slack(Magnitude(Output) + BigInteger.Abs(OutputBias), outputs, radius);
    }

    public readonly string Cell;

    public readonly int Hidden;

    public readonly BigInteger[] Input, Recurrent, BiasIh, BiasHh, Output;

    public readonly BigInteger OutputBias;

    /// <summary>Per gate row, a bound on |computed pre-activation − the same with dyadic weights, exactly| in units.</summary>
    public readonly BigInteger[] PreRounding;

    /// <summary>The same for the output's pre-activation.</summary>
    public readonly BigInteger OutputRounding;

    /// <summary>W_ih[row]·x + b_ih[row] for input bits (a, b), exactly.</summary>
    public BigInteger FromInput(int row, int a, int b) => (a * Input[2 * row]) + (b * Input[(2 * row) + 1]) + BiasIh[row];

    private static BigInteger Magnitude(IEnumerable<BigInteger> weights) => weights.Aggregate(BigInteger.Zero, (sum, w) => sum + BigInteger.Abs(w));

    /// <summary>ρ·k + ⌈(magnitude + ρ·k)·(k + 1)·2^−53⌉ + 1: the radius's move and γₖ times the sum of |terms|, in units.</summary>
    private static BigInteger Slack(BigInteger magnitude, int terms, BigInteger radius) => (terms * radius) + (((magnitude + (terms * radius)) * (terms + 1)) >> 53) + 1;
}
