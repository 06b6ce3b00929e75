using RnnCalc.Network;
using RnnCalc.Network.Cells;

namespace RnnCalc.Verification;

/// <summary>
/// A cell of the form h' = φ(W h + b(x)), p = σ(w·h' + c), with φ monotone (σ for the tutorial's cell, tanh for
/// PyTorch's tanh RNN), as the affine forms (<see cref="Zonotope"/>) step it: the weights read through the cell's
/// table once, with the rounding bounds its sums need. The gated cells have no such form.
/// </summary>
internal sealed class AffineCell
{
    private AffineCell(int hidden)
    {
        Hidden = hidden;
        Weight = new double[hidden * hidden];
        Bias = new double[InputPair.Count][];
        BiasMagnitude = new double[InputPair.Count][];
        OutputWeight = new double[hidden];
    }

    public int Hidden { get; }

    /// <summary>(H × H) row-major: row j holds unit j's coefficients on the previous h.</summary>
    public double[] Weight { get; }

    /// <summary>Per input pair, per unit: the constant part of the pre-activation (as we compute it).</summary>
    public double[][] Bias { get; }

    /// <summary>Per input pair, per unit: Σ|terms| of that constant part, for the rounding bound.</summary>
    public double[][] BiasMagnitude { get; }

    public double[] OutputWeight { get; }

    public double OutputBias { get; private init; }

    /// <summary>γ for a pre-activation's sum (its terms, in any order).</summary>
    public double Gamma { get; private init; }

    /// <summary>γ for the output's sum.</summary>
    public double OutputGamma { get; private init; }

    /// <summary>Weights a pre-activation sums over with states of magnitude ≤ 1 (a weight radius moves it by radius times this).</summary>
    public int Terms { get; private init; }

    /// <summary>φ is tanh (else σ).</summary>
    public bool IsTanh { get; private init; }

    /// <summary>The range φ's values (the states) lie in.</summary>
    public double Floor { get; private init; }

    public double Ceiling { get; private init; } = 1;

    /// <summary>The cells that have an affine form (so their lookahead follows <see cref="Zonotope"/>s): the tutorial's and tanh.</summary>
    public static bool Serves(Cell cell) => cell == Cell.Sigmoid || cell is TanhCell;

    /// <summary>The network's affine form, or null for a gated cell.</summary>
    public static AffineCell? Of(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!Serves(network.Cell))
        {
            return null;
        }
        var n = network.Hidden;
        if (network.Cell == Cell.Sigmoid)
        {
            var form = new AffineCell(n) { Gamma = SoundMath.Gamma(n + 3), OutputGamma = SoundMath.Gamma(n + 1), Terms = n + 2 };
            var recurrent = network.Recurrent;
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    form.Weight[(j * n) + i] = recurrent[(i * n) + j];
                }
            }
            network.Output.CopyTo(form.OutputWeight);
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                (form.Bias[pair], form.BiasMagnitude[pair]) = (new double[n], new double[n]);
                for (var j = 0; j < n; j++)
                {
                    // Exactly the network's fromInput: both products are exact for bits, the sum is rounded once.
                    var bias = (InputPair.A(pair) * network.Input[j]) + (InputPair.B(pair) * network.Input[n + j]);
                    (form.Bias[pair][j], form.BiasMagnitude[pair][j]) = (bias, Math.Abs(bias));
                }
            }
            return form;
        }
        var tanh = (TanhCell)network.Cell;
        var l = tanh.LayoutOf(network);
        var w = network.Weights;
        // W_ih x + b_ih + W_hh h + b_hh: 2 + 1 + H + 1 terms, and the sum of the two shares.
        var cell = new AffineCell(n)
        {
            Gamma = SoundMath.Gamma(n + 5),
            OutputGamma = SoundMath.Gamma(n + 2),
            Terms = n + 4,
            IsTanh = true,
            Floor = -1,
            OutputBias = w[l.OutBias],
        };
        w.AsSpan(l.WeightHh, n * n).CopyTo(cell.Weight);
        w.AsSpan(l.OutWeight, n).CopyTo(cell.OutputWeight);
        for (var pair = 0; pair < InputPair.Count; pair++)
        {
            (cell.Bias[pair], cell.BiasMagnitude[pair]) = (new double[n], new double[n]);
            double x0 = InputPair.A(pair), x1 = InputPair.B(pair);
            for (var j = 0; j < n; j++)
            {
                double p0 = w[2 * j] * x0, p1 = w[(2 * j) + 1] * x1, bih = w[l.BiasIh + j], bhh = w[l.BiasHh + j];
                cell.Bias[pair][j] = p0 + p1 + bih + bhh;
                cell.BiasMagnitude[pair][j] = Math.Abs(p0) + Math.Abs(p1) + Math.Abs(bih) + Math.Abs(bhh);
            }
        }
        return cell;
    }

    /// <summary>φ between two parallel lines on [l, u]: φ(z) ∈ λz + [lo, hi].</summary>
    public (double Slope, double Lo, double Hi) Enclose(double l, double u) => IsTanh ? TanhLine.Enclose(l, u) : SigmoidLine.Enclose(l, u);
}
