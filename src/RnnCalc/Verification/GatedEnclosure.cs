using RnnCalc.Network;
using RnnCalc.Network.Cells;

namespace RnnCalc.Verification;

/// <summary>
/// One step of a PyTorch cell (tanh, GRU, LSTM) on boxes, read through the cell's tensor table: every gate's
/// pre-activation W_ih x + b_ih + W_hh h + b_hh in interval arithmetic rounded outward and widened by the network's
/// own rounding (γ·Σ|terms|, Higham), the monotone σ and tanh bounded with <see cref="SoundMath"/>'s margins, and
/// the gates combined as the cell does (<see cref="IntervalArithmetic"/>). Each cell's own equations are in its
/// subclass; the output layer p = σ(out.weight · h + out.bias) is shared.
/// </summary>
internal abstract class GatedEnclosure
{
    private readonly double[] _w;
    private readonly PyTorchCell.Layout _layout;
    private readonly Interval[][] _fromInput;
    private readonly double _hiddenGamma;
    private readonly double _radius;

    private protected GatedEnclosure(RecurrentNetwork network, double weightRadius)
    {
        var cell = (PyTorchCell)network.Cell;
        _w = network.Weights;
        _layout = cell.LayoutOf(network);
        Hidden = network.Hidden;
        _radius = weightRadius;
        // W_hh[row] · h + b_hh[row] (H products, H additions), then its sum with the input share (one more); the output layer's sum has as many terms.
        _hiddenGamma = SoundMath.Gamma(Hidden + 2);
        var gamma = SoundMath.Gamma(2);
        _fromInput = new Interval[InputPair.Count][];
        for (var pair = 0; pair < InputPair.Count; pair++)
        {
            double x0 = InputPair.A(pair), x1 = InputPair.B(pair);
            _fromInput[pair] = new Interval[_layout.Rows];
            for (var row = 0; row < _layout.Rows; row++)
            {
                // W_ih[row] · x + b_ih[row]: the products are exact for bits, the two sums round.
                double p0 = _w[2 * row] * x0, p1 = _w[(2 * row) + 1] * x1, b = _w[_layout.BiasIh + row];
                var exact = new Interval(SoundMath.Down(SoundMath.Down(p0 + p1) + b), SoundMath.Up(SoundMath.Up(p0 + p1) + b));
                var magnitude = Math.Abs(p0) + Math.Abs(p1) + Math.Abs(b);
                var radius = weightRadius * (x0 + x1 + 1);
                _fromInput[pair][row] = IntervalArithmetic.Widen(exact, SoundMath.Inflate((gamma * (magnitude + radius)) + radius));
            }
        }
    }

    public int Hidden { get; }

    /// <summary>The enclosure for the network's cell.</summary>
    public static GatedEnclosure For(RecurrentNetwork network, double weightRadius) => network.Cell switch
    {
        TanhCell => new TanhEnclosure(network, weightRadius),
        GruCell => new GruEnclosure(network, weightRadius),
        LstmCell => new LstmEnclosure(network, weightRadius),
        _ => throw new ArgumentException($"No gated enclosure for the {network.Cell.Name} cell.", nameof(network)),
    };

    /// <summary>Writes the image of <paramref name="from"/> (the cell's whole state) under <paramref name="pair"/> into <paramref name="into"/>; returns the output interval.</summary>
    public Interval Image(Box from, int pair, Box into)
    {
        for (var u = 0; u < Hidden; u++)
        {
            StepUnit(u, pair, from, into);
        }
        return OutputOf(into);
    }

    /// <summary>Writes unit <paramref name="u"/>'s share of the image (its h, and an LSTM's c) into <paramref name="into"/>.</summary>
    private protected abstract void StepUnit(int u, int pair, Box from, Box into);

    /// <summary>W_ih[row] x + b_ih[row], as the network computes it (the weight radius included).</summary>
    private protected Interval FromInput(int row, int pair) => _fromInput[pair][row];

    /// <summary>W_hh[row] · h + b_hh[row] over the box's h (its first H units), as the network computes it.</summary>
    private protected Interval FromHidden(int row, Box from) =>
        Sum(_layout.WeightHh + (row * Hidden), _w[_layout.BiasHh + row], from);

    /// <summary>
    /// w · h + b for the H weights from <paramref name="at"/> over the box's h, rounded outward and widened by the
    /// network's rounding (γ·Σ|terms|) and the weight radius (each of the H + 1 weights times |h| or 1).
    /// </summary>
    private Interval Sum(int at, double bias, Box from)
    {
        var (lo, hi) = (bias, bias);
        var magnitude = Math.Abs(bias);
        var states = 1.0;
        for (var k = 0; k < Hidden; k++)
        {
            var w = _w[at + k];
            var (a, c) = w >= 0 ? (from.Lo[k], from.Hi[k]) : (from.Hi[k], from.Lo[k]);
            lo = SoundMath.Down(lo + SoundMath.Down(w * a));
            hi = SoundMath.Up(hi + SoundMath.Up(w * c));
            var size = Math.Max(Math.Abs(from.Lo[k]), Math.Abs(from.Hi[k]));
            magnitude += Math.Abs(w) * size;
            states += size;
        }
        var radius = _radius * states;
        return IntervalArithmetic.Widen(new Interval(lo, hi), SoundMath.Inflate((_hiddenGamma * (magnitude + radius)) + radius));
    }

    /// <summary>σ of gate block <paramref name="block"/>'s unit <paramref name="u"/> (r, z of a GRU; i, f, o of an LSTM).</summary>
    private protected Interval SigmoidGate(int block, int u, int pair, Box from) => IntervalArithmetic.Sigmoid(Gate((block * Hidden) + u, pair, from));

    /// <summary>A gate's pre-activation: the network's sum of its input and recurrent shares.</summary>
    private protected Interval Gate(int row, int pair, Box from) => IntervalArithmetic.Rounded(IntervalArithmetic.Add(FromInput(row, pair), FromHidden(row, from)));

    /// <summary>p = σ(out.weight · h + out.bias) over every h in the box's first H units.</summary>
    public Interval OutputOf(Box state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return IntervalArithmetic.Sigmoid(Sum(_layout.OutWeight, _w[_layout.OutBias], state));
    }
}
