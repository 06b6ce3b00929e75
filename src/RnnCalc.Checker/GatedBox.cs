using System.Numerics;
using Interval = (System.Numerics.BigInteger Lo, System.Numerics.BigInteger Hi);

namespace RnnCalc.Checker;

/// <summary>
/// A box of GRU states h or LSTM states (h, c), as dyadic bounds, stepped through the gates in interval arithmetic
/// (PyTorch's equations; see README, "Certificates"). Every operation's range over the box is computed exactly — sums
/// and products of dyadics are exact, and σ and tanh are monotone, so their ends suffice — rounded outward, then widened
/// by what the float64 execution may add (<see cref="CheckedWeights"/>): a pre-activation's PreRounding, a computed σ's
/// or tanh's ActivationRounding, and for every other product or sum, which rounds once, 2^−53 of its size.
/// </summary>
internal sealed class GatedBox(BigInteger[] lo, BigInteger[] hi) : ICheckedSet
{
    /// <summary>The box [lower, upper], rounded outward to dyadics.</summary>
    public static GatedBox FromBox(double[] lower, double[] upper) => new([.. lower.Select(Dyadic.Floor)], [.. upper.Select(Dyadic.Ceiling)]);

    public ICheckedSet Step(CheckedWeights weights, int a, int b)
    {
        var n = weights.Hidden;
        var (nextLo, nextHi) = (new BigInteger[lo.Length], new BigInteger[lo.Length]);
        // A gate row's σ (k = 1) or tanh (k = 2) of W_ih x + b_ih + W_hh h + b_hh.
        Interval Gate(int row, int k) => Activation(Widen(Dot(weights, weights.Recurrent, row * n, weights.FromInput(row, a, b) + weights.BiasHh[row]), weights.PreRounding[row]), k);
        for (var j = 0; j < n; j++)
        {
            if (weights.Cell == "gru")
            {
                var (r, z, row) = (Gate(j, 1), Gate(n + j, 1), (2 * n) + j);
                var hn = Widen(Dot(weights, weights.Recurrent, row * n, weights.BiasHh[row]), weights.PreRounding[row]);
                var (scaled, input) = (Rounded(Product(r, hn)), weights.FromInput(row, a, b));
                var candidate = Activation(Widen((scaled.Lo + input, scaled.Hi + input), weights.PreRounding[row]), 2);
                // h' = (1 − z)·n + z·h rises in n and h (z in [0, 1]) and is linear in z: its range is at the ends of z's,
                // with n and h at their own. fl(1 − z), the two products and their sum err by at most 4·2^−53·(|n| + |h|).
                BigInteger Mix(BigInteger zz, BigInteger nn, BigInteger h) => ((Dyadic.One - zz) * nn) + (zz * h);
                var exact = (Dyadic.Down(BigInteger.Min(Mix(z.Lo, candidate.Lo, lo[j]), Mix(z.Hi, candidate.Lo, lo[j]))), Dyadic.Up(BigInteger.Max(Mix(z.Lo, candidate.Hi, hi[j]), Mix(z.Hi, candidate.Hi, hi[j]))));
                (nextLo[j], nextHi[j]) = Widen(exact, ((Size(candidate) + Size((lo[j], hi[j]))) >> 51) + 1);
                continue;
            }
            // c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
            var c = Rounded(Add(Rounded(Product(Gate(n + j, 1), (lo[n + j], hi[n + j]))), Rounded(Product(Gate(j, 1), Gate((2 * n) + j, 2)))));
            (nextLo[j], nextHi[j]) = Rounded(Product(Gate((3 * n) + j, 1), Activation(c, 2)));
            (nextLo[n + j], nextHi[n + j]) = c;
        }
        return new GatedBox(nextLo, nextHi);
    }

    /// <summary>The bit the network emits from every state in the box: its output pre-activation, out·h + b, stays beyond ±(rounding + margin).</summary>
    public int? OutputBit(CheckedWeights weights)
    {
        var (l, u) = Dot(weights, weights.Output, 0, weights.OutputBias);
        var slack = weights.OutputRounding + CheckedWeights.OutputMargin;
        return l - slack > 0 ? 1 : u + slack < 0 ? 0 : null;
    }

    public Interval Bounds(int j) => (lo[j], hi[j]);

    /// <summary>The range of Σₖ w[at + k]·hₖ + bias over the box's h (its first H units), rounded outward.</summary>
    private Interval Dot(CheckedWeights weights, BigInteger[] w, int at, BigInteger bias)
    {
        var (l, u) = (bias << Dyadic.Bits, bias << Dyadic.Bits);
        for (var k = 0; k < weights.Hidden; k++)
        {
            var wk = w[at + k];
            (l, u) = wk.Sign >= 0 ? (l + (wk * lo[k]), u + (wk * hi[k])) : (l + (wk * hi[k]), u + (wk * lo[k]));
        }
        return (Dyadic.Down(l), Dyadic.Up(u));
    }

    /// <summary>
    /// σ (k = 1) or tanh (k = 2; tanh x = 2σ(2x) − 1) over x as the network computes it: the true function's bounds at
    /// the ends, widened by ActivationRounding and cut to [0, 1] or [−1, 1], where every computed value lies.
    /// </summary>
    private static Interval Activation(Interval x, int k)
    {
        var shift = (k - 1) * Dyadic.One;
        return (BigInteger.Max(-shift, (k * SigmoidEnclosure.Sigmoid(k * x.Lo).Lo) - shift - CheckedWeights.ActivationRounding),
            BigInteger.Min(Dyadic.One, (k * SigmoidEnclosure.Sigmoid(k * x.Hi).Hi) - shift + CheckedWeights.ActivationRounding));
    }

    private static Interval Add(Interval x, Interval y) => (x.Lo + y.Lo, x.Hi + y.Hi);

    private static Interval Widen(Interval x, BigInteger by) => (x.Lo - by, x.Hi + by);

    private static BigInteger Size(Interval x) => BigInteger.Max(BigInteger.Abs(x.Lo), BigInteger.Abs(x.Hi));

    /// <summary>The computed result of one operation whose exact result lies in x: within 2^−53 of its size (a unit covers the subnormal range).</summary>
    private static Interval Rounded(Interval x) => Widen(x, (Size(x) >> 53) + 1);

    private static Interval Product(Interval x, Interval y)
    {
        BigInteger[] corners = [x.Lo * y.Lo, x.Lo * y.Hi, x.Hi * y.Lo, x.Hi * y.Hi];
        return (Dyadic.Down(corners.Min()), Dyadic.Up(corners.Max()));
    }
}
