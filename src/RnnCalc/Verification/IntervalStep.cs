using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// One step of the network on boxes: the affine map in interval arithmetic with every operation rounded outward,
/// widened by the network's own rounding at any point of the box, then the monotone sigmoid with a margin for
/// the exp's error. From a box the result is the tightest box holding the image (up to that rounding). That is the
/// tutorial cell's step; the gated cells' are theirs (<see cref="GatedEnclosure"/>: tanh, GRU, LSTM), on boxes
/// over the cell's whole state (an LSTM's h and c).
/// </summary>
internal sealed class IntervalStep
{
    private readonly int _hidden;
    private readonly double[] _recurrent;
    private readonly double[] _output;
    private readonly double[][] _bias;
    private readonly double _gamma;
    private readonly double _radius;
    private readonly GatedEnclosure? _gated;

    /// <summary>The cells this step is written for: every cell.</summary>
    public static bool Serves(Network.Cells.Cell cell) => cell is not null;

    /// <param name="network">The network stepped.</param>
    /// <param name="weightRadius">
    /// Each weight may be off by up to this much (for a robustness proof): with every state in [0, 1] and bits as
    /// inputs, a pre-activation moves by at most radius·(H + 2), the output's by radius·H.
    /// </param>
    public IntervalStep(RecurrentNetwork network, double weightRadius = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        _hidden = network.Hidden;
        _radius = weightRadius;
        _gamma = SoundMath.Gamma(_hidden + 3);
        if (network.Cell != Network.Cells.Cell.Sigmoid)
        {
            _gated = GatedEnclosure.For(network, weightRadius);
            (_recurrent, _output, _bias) = ([], [], []);
            StateSize = network.Cell.StateSize(_hidden);
            (StateFloor, StateCeiling) = (double.NegativeInfinity, double.PositiveInfinity);
            return;
        }
        StateSize = _hidden;
        _recurrent = network.Recurrent.ToArray();
        _output = network.Output.ToArray();
        _bias = new double[InputPair.Count][];
        for (var pair = 0; pair < InputPair.Count; pair++)
        {
            _bias[pair] = new double[_hidden];
            for (var j = 0; j < _hidden; j++)
            {
                // Exactly the network's fromInput: both products are exact for bits, the sum is rounded once.
                _bias[pair][j] = (InputPair.A(pair) * network.Input[j]) + (InputPair.B(pair) * network.Input[_hidden + j]);
            }
        }
    }

    public int Hidden => _hidden;

    /// <summary>Numbers in the boxes this step maps: the cell's state size (2H for an LSTM's h and c).</summary>
    internal int StateSize { get; }

    /// <summary>Where every state unit lies, so padded boxes can be clipped: [0, 1] for sigmoid states, unbounded for the gated cells.</summary>
    internal double StateFloor { get; }

    internal double StateCeiling { get; } = 1;

    /// <summary>Writes the image of <paramref name="from"/> under <paramref name="pair"/> into <paramref name="into"/> and returns the output interval.</summary>
    public Interval Image(Box from, int pair, Box into)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(into);
        if (_gated is not null)
        {
            return _gated.Image(from, pair, into);
        }
        var h = _hidden;
        var bias = _bias[pair];
        for (var j = 0; j < h; j++)
        {
            var (lo, hi) = (SoundMath.Down(bias[j]), SoundMath.Up(bias[j]));
            var magnitude = Math.Abs(bias[j]);
            for (var i = 0; i < h; i++)
            {
                var w = _recurrent[(i * h) + j];
                var (a, b) = w >= 0 ? (from.Lo[i], from.Hi[i]) : (from.Hi[i], from.Lo[i]);
                lo = SoundMath.Down(lo + SoundMath.Down(w * a));
                hi = SoundMath.Up(hi + SoundMath.Up(w * b));
                magnitude += Math.Abs(w) * Math.Max(Math.Abs(from.Lo[i]), Math.Abs(from.Hi[i]));
            }
            // The network sums in its own order with round-to-nearest: allow γ·Σ|terms| either way.
            var slack = SoundMath.Inflate((_gamma * (magnitude + (_radius * (h + 2)))) + (_radius * (h + 2)));
            into.Lo[j] = SoundMath.SigmoidLower(SoundMath.Down(lo - slack));
            into.Hi[j] = SoundMath.SigmoidUpper(SoundMath.Up(hi + slack));
        }
        return OutputOf(into);
    }

    /// <summary>The output probability's interval over every hidden state in <paramref name="state"/>.</summary>
    public Interval OutputOf(Box state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_gated is not null)
        {
            return _gated.OutputOf(state);
        }
        var (lo, hi) = (0.0, 0.0);
        var magnitude = 0.0;
        for (var j = 0; j < _hidden; j++)
        {
            var w = _output[j];
            var (a, b) = w >= 0 ? (state.Lo[j], state.Hi[j]) : (state.Hi[j], state.Lo[j]);
            lo = SoundMath.Down(lo + SoundMath.Down(w * a));
            hi = SoundMath.Up(hi + SoundMath.Up(w * b));
            magnitude += Math.Abs(w) * Math.Max(Math.Abs(state.Lo[j]), Math.Abs(state.Hi[j]));
        }
        var slack = SoundMath.Inflate((_gamma * (magnitude + (_radius * _hidden))) + (_radius * _hidden));
        return new Interval(SoundMath.SigmoidLower(SoundMath.Down(lo - slack)), SoundMath.SigmoidUpper(SoundMath.Up(hi + slack)));
    }
}
