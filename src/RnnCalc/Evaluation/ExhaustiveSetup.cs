using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Evaluation;

/// <summary>What every worker of one exhaustive evaluation shares, read-only, plus the flag that stops them all.</summary>
internal sealed class ExhaustiveSetup
{
    private readonly (int Bit, int Next)[] _transitions = new (int, int)[8];
    private volatile bool _stopped;

    public ExhaustiveSetup(RecurrentNetwork network, ProblemSet problems, int rootDepth, bool stopAtFirstFailure)
    {
        var h = network.Hidden;
        Problems = problems;
        Hidden = h;
        Exp = network.Exp;
        StopAtFirstFailure = stopAtFirstFailure;
        Output = network.Output.ToArray();
        RecurrentTransposed = new double[h * h];
        for (var i = 0; i < h; i++)
        {
            for (var j = 0; j < h; j++)
            {
                RecurrentTransposed[(j * h) + i] = network.Recurrent[(i * h) + j];
            }
        }
        // Per bit pair (a | b·2): (a·W0[0, j]) + (b·W0[1, j]), the input's share as Rnn.Forward computes it.
        InputShares = new double[4 * h];
        for (var digit = 0; digit < 4; digit++)
        {
            double x0 = digit & 1, x1 = digit >> 1;
            for (var j = 0; j < h; j++)
            {
                InputShares[(digit * h) + j] = (x0 * network.Input[j]) + (x1 * network.Input[h + j]);
            }
        }
        for (var digit = 0; digit < 4; digit++)
        {
            for (var state = 0; state < 2; state++)
            {
                _transitions[digit | (state << 2)] = problems.Operation.Transition(digit & 1, digit >> 1, state);
            }
        }
        Roots = new PrefixRoots(network, problems.Operation, rootDepth);
    }

    public ProblemSet Problems { get; }

    public int Hidden { get; }

    public ExpKind Exp { get; }

    public bool StopAtFirstFailure { get; }

    /// <summary>(H): W1.</summary>
    public double[] Output { get; }

    /// <summary>(H×H): Whᵀ, so a unit's incoming weights are contiguous.</summary>
    public double[] RecurrentTransposed { get; }

    /// <summary>(4×H).</summary>
    public double[] InputShares { get; }

    public PrefixRoots Roots { get; }

    public bool Stopped => _stopped;

    public void Stop() => _stopped = true;

    /// <summary>The reference machine's step for a bit pair (a | b·2) from a borrow or carry.</summary>
    public (int Bit, int Next) Transition(int digit, int state) => _transitions[digit | (state << 2)];
}
