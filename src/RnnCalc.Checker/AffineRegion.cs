using System.Numerics;

namespace RnnCalc.Checker;

/// <summary>
/// A set of hidden states {c + G·ε + diag(e)·η : ε, η ∈ [−1, 1]} with dyadic c, G (H × m, row j holds unit j's
/// coefficients) and e ≥ 0. A box is the special case m = 0, e = half-widths. One network step maps it to another such
/// set (<see cref="Step"/>) that provably holds the image of every state in it as the network computes it in float64.
/// </summary>
internal sealed class AffineRegion(int hidden, int generators)
{
    private static readonly BigInteger NarrowLimit = BigInteger.One << 52;

    public readonly BigInteger[] Center = new BigInteger[hidden], Matrix = new BigInteger[hidden * generators], Error = new BigInteger[hidden];

    /// <summary>The box [lower, upper], rounded outward to dyadics.</summary>
    public static AffineRegion FromBox(double[] lower, double[] upper)
    {
        var n = lower.Length;
        var region = new AffineRegion(n, 0);
        for (var j = 0; j < n; j++)
        {
            var (lo, hi) = (Dyadic.Floor(lower[j]), Dyadic.Ceiling(upper[j]));
            region.Center[j] = (lo + hi) >> 1;
            region.Error[j] = hi - region.Center[j];
        }
        return region;
    }

    /// <summary>
    /// The image under input bits (a, b). Per unit j the pre-activation z = Σ w·h + inputs is an affine form; its
    /// range [l, u] gives λ ≤ min σ' on [l, u], so σ(z) − λz rises on [l, u] and lies in [σ(l) − λl, σ(u) − λu]: the
    /// unit becomes λ·(affine form) plus that gap as its own error. Every rounding of ours is added to the error,
    /// and so is the float execution's: <see cref="CheckedWeights.PreRounding"/> on z and <see cref="CheckedWeights.SigmoidRounding"/> after σ.
    /// </summary>
    public AffineRegion Step(CheckedWeights weights, int a, int b)
    {
        var (n, m) = (hidden, generators);
        // The error terms become generators: the next map correlates them across units.
        var next = new AffineRegion(n, m + n);
        var (all, narrow) = Packed();
        var wide = Array.ConvertAll(weights.Recurrent, w => (Int128)w);
        for (var j = 0; j < n; j++)
        {
            var (sum, spread, scaled) = narrow is null ? Combination(all, weights.Recurrent, j, n) : Combination(narrow, wide, j, n);
            // Rounding the centre and each coefficient down errs by less than one unit each.
            var own = m + n + 1 + weights.PreRounding[j];
            var c = Dyadic.Down((((a * weights.Input[j]) + (b * weights.Input[n + j])) << Dyadic.Bits) + sum);
            var (l, u) = (c - spread - own, c + spread + own);
            var (atL, atU) = (SigmoidEnclosure.Sigmoid(l), SigmoidEnclosure.Sigmoid(u));
            // λ: σ'(t) = σ(t)(1 − σ(t)) peaks at t = 0, so on [l, u] it is smallest at l or u, and s(1 − s) is concave
            // in s, so over the bounds of σ(l) (or σ(u)) it is smallest at one of them.
            var slope = BigInteger.Max(0, new[] { atL.Lo, atL.Hi, atU.Lo, atU.Hi }.Min(s => Dyadic.Down(s * (Dyadic.One - s))));
            var (gapLo, gapHi) = (atL.Lo - Dyadic.Up(slope * l), atU.Hi - Dyadic.Down(slope * u));
            var mid = (gapLo + gapHi) >> 1;
            next.Center[j] = Dyadic.Down(slope * c) + mid;
            scaled(slope).CopyTo(next.Matrix, j * (m + n));
            // λ·own + the gap's half-width + our roundings of λ·c and λ·coefficients + the computed sigmoid's error.
            next.Error[j] = Dyadic.Up(slope * own) + (gapHi - mid) + m + n + 1 + CheckedWeights.SigmoidRounding;
        }
        return next;
    }

    /// <summary>
    /// The generators' coefficients, the centre and the errors in one array, and the same as Int128 when every |value| is
    /// below 2^52: the H·H·(m + 1) products of <see cref="Combination"/> are the checker's bulk, and with weights below
    /// 2^62/H in units (<see cref="CheckedWeights"/>) each of its sums is then below 2^115, which Int128 holds exactly.
    /// </summary>
    private (BigInteger[] All, Int128[]? Narrow) Packed()
    {
        BigInteger[] all = [.. Matrix, .. Center, .. Error];
        return (all, Array.TrueForAll(all, g => BigInteger.Abs(g) < NarrowLimit) ? Array.ConvertAll(all, g => (Int128)g) : null);
    }

    /// <summary>
    /// The affine form of Σᵢ w[i·stride + j]·hᵢ over the set: its centre Σᵢ w·cᵢ (exact, at 2^−100), its coefficients
    /// (Σᵢ w·gᵢ on each generator, wᵢ·eᵢ on each error term) rounded down to 2^−50, the sum of their |·|, and those
    /// coefficients times a slope λ, rounded down. With T = Int128, λ ≤ 1/4 and |coefficient| &lt; 2^65: exact too.
    /// </summary>
    private (BigInteger Sum, BigInteger Spread, Func<BigInteger, BigInteger[]> Scaled) Combination<T>(T[] all, T[] w, int j, int stride)
        where T : IBinaryInteger<T>
    {
        var (n, m) = (hidden, generators);
        var (row, sum, spread) = (new T[m + n], T.Zero, T.Zero);
        for (var i = 0; i < n; i++)
        {
            var wi = w[(i * stride) + j];
            sum += wi * all[(n * m) + i];
            for (var k = 0; k < m; k++)
            {
                row[k] += wi * all[(i * m) + k];
            }
            row[m + i] = wi * all[(n * m) + n + i];
        }
        for (var k = 0; k < m + n; k++)
        {
            row[k] >>= Dyadic.Bits;
            spread += T.Abs(row[k]);
        }
        return (BigInteger.CreateChecked(sum), BigInteger.CreateChecked(spread), slope => Array.ConvertAll(row, g => BigInteger.CreateChecked((g * T.CreateChecked(slope)) >> Dyadic.Bits)));
    }

    /// <summary>Per unit, the range of the set intersected with [0, 1], where every computed sigmoid lies.</summary>
    public (BigInteger Lo, BigInteger Hi) Bounds(int j)
    {
        var radius = Error[j];
        for (var k = 0; k < generators; k++)
        {
            radius += BigInteger.Abs(Matrix[(j * generators) + k]);
        }
        return (BigInteger.Max(0, Center[j] - radius), BigInteger.Min(Dyadic.One, Center[j] + radius));
    }

    /// <summary>
    /// The bit the network emits from every state in the set: 1 when its output pre-activation stays above
    /// <see cref="CheckedWeights.OutputMargin"/>, 0 when below its negative, null when it may come near 0. That
    /// pre-activation is the combination with the output weights; its m + H coefficients, rounded down, err by less
    /// than one unit each.
    /// </summary>
    public int? OutputBit(CheckedWeights weights)
    {
        var (center, spread, _) = Combination(Packed().All, weights.Output, 0, 1);
        var slack = (spread + generators + hidden + weights.OutputRounding + CheckedWeights.OutputMargin) << Dyadic.Bits;
        return center - slack > 0 ? 1 : center + slack < 0 ? 0 : null;
    }
}

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

    /// <summary>The largest |weight| accepted: it keeps every float64 sum far from overflow, which γₖ assumes.</summary>
    private const double Largest = 1 << 12;

    public CheckedWeights(CheckedNetwork network, double weightRadius)
    {
        var n = network.Hidden;
        var largest = network.Input.Concat(network.Recurrent).Concat(network.Output).Max(Math.Abs);
        CertificateChecker.Holds(largest < Largest / n, $"a weight of size {largest:R} is beyond what the checker accepts (|w| < {Largest / n:R})");
        (Input, Recurrent, Output) = ([.. network.Input.Select(Dyadic.Floor)], [.. network.Recurrent.Select(Dyadic.Floor)], [.. network.Output.Select(Dyadic.Floor)]);
        var radius = Dyadic.Ceiling(weightRadius);
        PreRounding = new BigInteger[n];
        for (var j = 0; j < n; j++)
        {
            var magnitude = BigInteger.Abs(Input[j]) + BigInteger.Abs(Input[n + j]) + 2 + n + Enumerable.Range(0, n).Aggregate(BigInteger.Zero, (sum, i) => sum + BigInteger.Abs(Recurrent[(i * n) + j]));
            PreRounding[j] = Gamma(magnitude + ((n + 2) * radius), n + 2) + n + 2 + ((n + 2) * radius);
        }
        OutputRounding = Gamma(Output.Aggregate(BigInteger.Zero, (sum, w) => sum + BigInteger.Abs(w)) + n + (n * radius), n) + n + (n * radius);
    }

    public readonly BigInteger[] Input, Recurrent, Output;

    /// <summary>Per unit, a bound on |computed pre-activation − Σ dyadic weights · state| in units.</summary>
    public readonly BigInteger[] PreRounding;

    /// <summary>The same for the output's pre-activation.</summary>
    public readonly BigInteger OutputRounding;

    /// <summary>⌈magnitude · (k + 1)·2^−53⌉ + 1: γₖ times a sum of absolute values, in units.</summary>
    private static BigInteger Gamma(BigInteger magnitude, int terms) => ((magnitude * (terms + 1)) >> 53) + 1;
}
