namespace RnnCalc.Checker;

/// <summary>
/// A set of hidden states {c + G·ε + diag(e)·η : ε, η ∈ [−1, 1]} with dyadic c, G (H × m) and e ≥ 0. A box is the
/// special case G = diag(half-widths). One network step maps it to another such set (<see cref="Step"/>) that
/// provably holds the image of every state in it as the network computes it in float64.
/// </summary>
internal sealed class AffineRegion
{
    private AffineRegion(int hidden, int generators)
    {
        Hidden = hidden;
        Generators = generators;
        Center = new long[hidden];
        Matrix = new long[hidden * generators];
        Error = new long[hidden];
    }

    public int Hidden { get; }

    public int Generators { get; }

    public long[] Center { get; }

    /// <summary>(H × Generators), row j holds unit j's coefficients.</summary>
    public long[] Matrix { get; }

    public long[] Error { get; }

    /// <summary>The box [lower, upper], rounded outward to dyadics.</summary>
    public static AffineRegion FromBox(double[] lower, double[] upper)
    {
        var n = lower.Length;
        var region = new AffineRegion(n, n);
        for (var j = 0; j < n; j++)
        {
            var (lo, hi) = (Dyadic.Floor(lower[j]), Dyadic.Ceiling(upper[j]));
            var center = (lo + hi) >> 1;
            region.Center[j] = center;
            region.Matrix[(j * n) + j] = hi - center;
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
        var n = Hidden;
        var m = Generators;
        // The error terms become generators: the next map correlates them across units.
        var next = new AffineRegion(n, m + n);
        var row = new Int128[m + n];
        for (var j = 0; j < n; j++)
        {
            var center = (((Int128)((a * weights.Input[j]) + (b * weights.Input[n + j]))) << Dyadic.Bits);
            Array.Clear(row);
            for (var i = 0; i < n; i++)
            {
                var w = weights.Recurrent[(i * n) + j];
                center += Math.BigMul(w, Center[i]);
                for (var k = 0; k < m; k++)
                {
                    row[k] += Math.BigMul(w, Matrix[(i * m) + k]);
                }
                row[m + i] = Math.BigMul(w, Error[i]);
            }
            // Rounding the centre and each coefficient down errs by less than one unit each.
            var own = m + n + 1 + weights.PreRounding[j];
            var c = Dyadic.Narrow(center, floor: true);
            var coefficients = new long[m + n];
            var spread = 0L;
            for (var k = 0; k < m + n; k++)
            {
                coefficients[k] = Dyadic.Narrow(row[k], floor: true);
                spread = checked(spread + Math.Abs(coefficients[k]));
            }
            var radius = checked(spread + own);
            var (l, u) = (checked(c - radius), checked(c + radius));
            var atL = SigmoidEnclosure.Sigmoid(l);
            var atU = SigmoidEnclosure.Sigmoid(u);
            var slope = SigmoidEnclosure.SlopeLowerBound(atL, atU);
            var gapLo = atL.Lo - Dyadic.MulCeiling(slope, l);
            var gapHi = atU.Hi - Dyadic.MulFloor(slope, u);
            var mid = (gapLo + gapHi) >> 1;
            var half = gapHi - mid;
            next.Center[j] = Dyadic.MulFloor(slope, c) + mid;
            for (var k = 0; k < m + n; k++)
            {
                next.Matrix[(j * (m + n)) + k] = Dyadic.MulFloor(slope, coefficients[k]);
            }
            // λ·own + the gap's half-width + our roundings of λ·c and λ·coefficients + the computed sigmoid's error.
            next.Error[j] = checked(Dyadic.MulCeiling(slope, own) + half + m + n + 1 + CheckedWeights.SigmoidRounding);
        }
        return next;
    }

    /// <summary>Per unit, the range of the set intersected with [0, 1], where every computed sigmoid lies.</summary>
    public (long Lo, long Hi) Bounds(int j)
    {
        var radius = Error[j];
        for (var k = 0; k < Generators; k++)
        {
            radius = checked(radius + Math.Abs(Matrix[(j * Generators) + k]));
        }
        return (Math.Max(0, Center[j] - radius), Math.Min(Dyadic.One, Center[j] + radius));
    }

    /// <summary>
    /// The bit the network emits from every state in the set: 1 when its output pre-activation stays above
    /// <see cref="CheckedWeights.OutputMargin"/>, 0 when below its negative, null when it may come near 0.
    /// </summary>
    public int? OutputBit(CheckedWeights weights)
    {
        var n = Hidden;
        Int128 center = 0, spread = 0;
        for (var k = 0; k < Generators; k++)
        {
            Int128 combined = 0;
            for (var j = 0; j < n; j++)
            {
                combined += Math.BigMul(weights.Output[j], Matrix[(j * Generators) + k]);
            }
            spread += Int128.Abs(combined);
        }
        for (var j = 0; j < n; j++)
        {
            center += Math.BigMul(weights.Output[j], Center[j]);
            spread += Math.BigMul(Math.Abs(weights.Output[j]), Error[j]);
        }
        var slack = ((Int128)(weights.OutputRounding + CheckedWeights.OutputMargin)) << Dyadic.Bits;
        return center - spread - slack > 0 ? 1 : center + spread + slack < 0 ? 0 : null;
    }
}
