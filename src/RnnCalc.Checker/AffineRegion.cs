using System.Numerics;

namespace RnnCalc.Checker;

/// <summary>
/// A set of hidden states {c + G·ε + diag(e)·η : ε, η ∈ [−1, 1]} with dyadic c, G (H × m, row j holds unit j's
/// coefficients) and e ≥ 0, for the cells h' = φ(W_ih x + b_ih + W_hh h + b_hh): the tutorial's (φ = σ, no biases) and
/// PyTorch's tanh RNN (φ = tanh). A box is the special case m = 0, e = half-widths. One network step maps it to another
/// such set (<see cref="Step"/>) that provably holds the image of every state in it as the network computes it in float64.
/// </summary>
internal sealed class AffineRegion(int hidden, int generators) : ICheckedSet
{
    private static readonly BigInteger NarrowLimit = BigInteger.One << 52;

    public readonly BigInteger[] Center = new BigInteger[hidden], Matrix = new BigInteger[hidden * generators], Error = new BigInteger[hidden];

    /// <summary>Where φ's values start, 0 or −1, for an image (every state in it is a computed φ); null for a box read.</summary>
    private BigInteger? Floor { get; init; }

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
    /// The image under input bits (a, b). Per unit j the pre-activation z is an affine form; its range [l, u] gives
    /// λ ≤ min φ' on [l, u], so φ(z) − λz rises on [l, u] and lies in [φ(l) − λl, φ(u) − λu]: the unit becomes
    /// λ·(affine form) plus that gap as its own error. tanh is 2σ(2z) − 1, so both are φ(z) = kσ(kz) − (k − 1) with
    /// k = 1 or 2 and φ' = k²σ'(kz). Every rounding of ours is added to the error, and so is the float execution's:
    /// <see cref="CheckedWeights.PreRounding"/> on z and <see cref="CheckedWeights.ActivationRounding"/> after φ.
    /// </summary>
    public ICheckedSet Step(CheckedWeights weights, int a, int b)
    {
        var (n, m, k) = (hidden, generators, weights.Cell == "tanh" ? 2 : 1);
        var shift = (k - 1) * Dyadic.One;
        // The error terms become generators: the next map correlates them across units. φ's values lie in [−shift, 1].
        var next = new AffineRegion(n, m + n) { Floor = -shift };
        var (all, narrow) = Packed();
        var wide = Array.ConvertAll(weights.Recurrent, w => (Int128)w);
        for (var j = 0; j < n; j++)
        {
            var (sum, spread, scaled) = narrow is null ? Combination(all, weights.Recurrent, j * n) : Combination(narrow, wide, j * n);
            // Rounding the centre and each coefficient down errs by less than one unit each.
            var own = m + n + 1 + weights.PreRounding[j];
            var c = Dyadic.Down(((weights.FromInput(j, a, b) + weights.BiasHh[j]) << Dyadic.Bits) + sum);
            var (l, u) = (c - spread - own, c + spread + own);
            var (atL, atU) = (SigmoidEnclosure.Sigmoid(k * l), SigmoidEnclosure.Sigmoid(k * u));
            // λ: σ'(t) = σ(t)(1 − σ(t)) peaks at t = 0, so on [l, u] it is smallest at l or u, and s(1 − s) is concave
            // in s, so over the bounds of σ(kl) (or σ(ku)) it is smallest at one of them.
            var slope = BigInteger.Max(0, new[] { atL.Lo, atL.Hi, atU.Lo, atU.Hi }.Min(s => Dyadic.Down(k * k * s * (Dyadic.One - s))));
            var (gapLo, gapHi) = ((k * atL.Lo) - shift - Dyadic.Up(slope * l), (k * atU.Hi) - shift - Dyadic.Down(slope * u));
            var mid = (gapLo + gapHi) >> 1;
            next.Center[j] = Dyadic.Down(slope * c) + mid;
            scaled(slope).CopyTo(next.Matrix, j * (m + n));
            // λ·own + the gap's half-width + our roundings of λ·c and λ·coefficients + the computed φ's error.
            next.Error[j] = Dyadic.Up(slope * own) + (gapHi - mid) + m + n + 1 + CheckedWeights.ActivationRounding;
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
    /// The affine form of Σᵢ w[at + i]·hᵢ over the set: its centre Σᵢ w·cᵢ (exact, at 2^−100), its coefficients
    /// (Σᵢ w·gᵢ on each generator, wᵢ·eᵢ on each error term) rounded down to 2^−50, the sum of their |·|, and those
    /// coefficients times a slope λ, rounded down. With T = Int128, λ ≤ 1 and |coefficient| &lt; 2^65: exact too.
    /// </summary>
    private (BigInteger Sum, BigInteger Spread, Func<BigInteger, BigInteger[]> Scaled) Combination<T>(T[] all, T[] w, int at)
        where T : IBinaryInteger<T>
    {
        var (n, m) = (hidden, generators);
        var (row, sum, spread) = (new T[m + n], T.Zero, T.Zero);
        for (var i = 0; i < n; i++)
        {
            var wi = w[at + i];
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

    /// <summary>Per unit, the range of the set, intersected with φ's range ([0, 1] or [−1, 1]) for an image.</summary>
    public (BigInteger Lo, BigInteger Hi) Bounds(int j)
    {
        var radius = Error[j];
        for (var k = 0; k < generators; k++)
        {
            radius += BigInteger.Abs(Matrix[(j * generators) + k]);
        }
        var (lo, hi) = (Center[j] - radius, Center[j] + radius);
        return Floor is { } floor ? (BigInteger.Max(floor, lo), BigInteger.Min(Dyadic.One, hi)) : (lo, hi);
    }

    /// <summary>
    /// The bit the network emits from every state in the set: 1 when its output pre-activation stays above
    /// <see cref="CheckedWeights.OutputMargin"/>, 0 when below its negative, null when it may come near 0. That
    /// pre-activation is the combination with the output weights plus the output bias; its m + H coefficients,
    /// rounded down, err by less than one unit each.
    /// </summary>
    public int? OutputBit(CheckedWeights weights)
    {
        var (center, spread, _) = Combination(Packed().All, weights.Output, 0);
        center += weights.OutputBias << Dyadic.Bits;
        var slack = (spread + generators + hidden + weights.OutputRounding + CheckedWeights.OutputMargin) << Dyadic.Bits;
        return center - slack > 0 ? 1 : center + slack < 0 ? 0 : null;
    }
}
