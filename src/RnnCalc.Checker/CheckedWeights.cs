namespace RnnCalc.Checker;

/// <summary>
/// The weights as dyadics (each rounded down, so it errs by less than one unit u = 2^−50), with the rounding bounds
/// of the network's float64 execution, in units of u. Why these bounds hold, for |h| ≤ 1 (computed sigmoids lie in
/// [0, 1]) and bits as inputs:
/// <list type="bullet">
/// <item>A dot product of k terms summed in any order with round-to-nearest errs by at most γₖ·Σ|terms|, γₖ =
/// k·2^−53/(1 − k·2^−53) ≤ (k + 1)·2^−53 (Higham, Accuracy and Stability, §3.1): the pre-activation has H + 2
/// terms, the output's H.</item>
/// <item>Using the dyadic weight instead of the double moves a dot product by less than one unit per term.</item>
/// <item>The computed σ(x) = 1/(1 + exp(−x)) errs from the true σ at the same x by at most 2^−48 absolutely: numpy's and
/// the C library's exp are within 4 ulps (2^−50 relative) where they do not over- or underflow, the addition and
/// division add 2^−53 each, and σ ≤ 1; where exp overflows or underflows, σ is within 2^−1000 of 0 or 1.</item>
/// <item>With a weight radius ρ (every weight may be off by up to ρ), a pre-activation moves by at most ρ·(H + 2) and the
/// output's by ρ·H, and the sums of |weights| above grow by as much.</item>
/// </list>
/// </summary>
internal sealed class CheckedWeights
{
    /// <summary>2^−48 in units.</summary>
    public const long SigmoidRounding = 4;

    /// <summary>An output pre-activation beyond ±2^−44 puts the computed σ on a definite side of 0.5 (σ(z) − ½ ≥ z/5 for 0 &lt; z ≤ 1).</summary>
    public const long OutputMargin = 64;

    /// <summary>Largest |weight| the fixed point holds with room for every sum.</summary>
    private const double Largest = 1 << 12;

    public CheckedWeights(CheckedNetwork network, double weightRadius)
    {
        var n = network.Hidden;
        foreach (var w in network.Input.Concat(network.Recurrent).Concat(network.Output))
        {
            if (!(Math.Abs(w) < Largest / n))
            {
                throw new ObligationException($"a weight is {w:R}, beyond what the checker's fixed point holds (|w| < {Largest / n:R})");
            }
        }
        Input = [.. network.Input.Select(Dyadic.Floor)];
        Recurrent = [.. network.Recurrent.Select(Dyadic.Floor)];
        Output = [.. network.Output.Select(Dyadic.Floor)];
        var radius = Dyadic.Ceiling(weightRadius);
        PreRounding = new long[n];
        for (var j = 0; j < n; j++)
        {
            var magnitude = Math.Abs(Input[j]) + Math.Abs(Input[n + j]) + 2;
            for (var i = 0; i < n; i++)
            {
                magnitude += Math.Abs(Recurrent[(i * n) + j]) + 1;
            }
            PreRounding[j] = checked(Gamma(magnitude + ((n + 2) * radius), n + 2) + n + 2 + ((n + 2) * radius));
        }
        OutputRounding = checked(Gamma(Output.Sum(Math.Abs) + n + (n * radius), n) + n + (n * radius));
    }

    public long[] Input { get; }

    public long[] Recurrent { get; }

    public long[] Output { get; }

    /// <summary>Per unit, a bound on |computed pre-activation − Σ dyadic weights · state| in units.</summary>
    public long[] PreRounding { get; }

    /// <summary>The same for the output's pre-activation.</summary>
    public long OutputRounding { get; }

    /// <summary>⌈magnitude · (k + 1)·2^−53⌉ + 1: γₖ times a sum of absolute values, in units.</summary>
    private static long Gamma(long magnitude, int terms) => (long)((Math.BigMul(magnitude, terms + 1) >> 53) + 1);
}
