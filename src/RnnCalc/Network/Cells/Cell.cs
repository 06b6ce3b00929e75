using RnnCalc.Random;

namespace RnnCalc.Network.Cells;

/// <summary>
/// A recurrent cell with its output layer: its tensor table, its initialisation, and its scalar reference
/// forward step and backward pass (BPTT), side by side in one file per cell. Everything else — optimizers,
/// checkpoints, the model file, evaluation — works through this type, so adding a cell is adding one file.
/// The bits go in least-significant first, one (a, b) pair per step; the output is p(1) = σ(output layer).
/// </summary>
public abstract class Cell
{
    /// <summary>The tutorial's cell: σ(x·W0 + h·Wh), no biases, h0 = 0.1.</summary>
    public static Cell Sigmoid { get; } = new SigmoidCell();

    /// <summary>PyTorch's <c>nn.RNN</c> with tanh.</summary>
    public static Cell Tanh { get; } = new TanhCell();

    /// <summary>PyTorch's <c>nn.GRU</c> (gates r, z, n).</summary>
    public static Cell Gru { get; } = new GruCell();

    /// <summary>PyTorch's <c>nn.LSTM</c> (gates i, f, g, o).</summary>
    public static Cell Lstm { get; } = new LstmCell();

    /// <summary>Every cell: sigmoid, tanh, gru, lstm.</summary>
    public static IReadOnlyList<Cell> All { get; } = [Sigmoid, Tanh, Gru, Lstm];

    /// <summary>The names as typed on the command line, in the model file and the web API: sigmoid, tanh, gru, lstm.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(c => c.Name)];

    /// <summary>Finds a cell by its <see cref="Name"/> (case-insensitive); false for anything else, null included.</summary>
    public static bool TryParse(string? name, out Cell cell)
    {
        foreach (var c in All)
        {
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                cell = c;
                return true;
            }
        }
        cell = Sigmoid;
        return false;
    }

    /// <summary>The cell's name as the command line and the model file spell it: <c>sigmoid</c>, <c>tanh</c>, <c>gru</c> or <c>lstm</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line for help and reports.</summary>
    public abstract string Description { get; }

    /// <summary>The tensors at this hidden size, in buffer (and initialisation) order.</summary>
    public abstract TensorTable Table(int hidden);

    /// <summary>What the cell carries from step to step, per unit: h, or h and c.</summary>
    public virtual IReadOnlyList<string> StateNames { get; } = ["h"];

    /// <summary>Numbers in one step's state: H per name in <see cref="StateNames"/>, h first.</summary>
    internal int StateSize(int hidden) => hidden * StateNames.Count;

    /// <summary>Numbers per step the forward pass keeps for the backward pass besides the states (gate values).</summary>
    internal virtual int CacheSize(int hidden) => 0;

    /// <summary>Numbers of scratch the backward pass needs.</summary>
    internal abstract int ScratchSize(int hidden);

    /// <summary>The initial weights' bound: the tutorial's 0.05, or PyTorch's 1/√H.</summary>
    public abstract double DefaultInitScale(int hidden);

    /// <summary>The value h starts a sequence with: the tutorial's 0.1, or PyTorch's 0 (c always starts at 0).</summary>
    public abstract double DefaultInitialHidden { get; }

    /// <summary>Every weight <c>(2·random() − 1)·scale</c>, drawn tensor by tensor in table order, each row-major.</summary>
    internal virtual void Initialize(RecurrentNetwork network, NumpyRandom random, double scale)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        var weights = network.Weights;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = ((2 * random.NextDouble()) - 1) * scale;
        }
    }

    /// <summary>h0 = the network's initial hidden value for every unit; c0 = 0.</summary>
    internal static void InitialState(RecurrentNetwork network, Span<double> state)
    {
        ArgumentNullException.ThrowIfNull(network);
        state[..network.Hidden].Fill(network.InitialHidden);
        state[network.Hidden..].Clear();
    }

    /// <summary>
    /// One step from <paramref name="previous"/> on input bits (x0, x1): writes the new state and what the
    /// backward pass needs into <paramref name="cache"/>, and returns the output probability p(1).
    /// </summary>
    internal abstract double StepForward(RecurrentNetwork network, double x0, double x1, ReadOnlySpan<double> previous, Span<double> current, Span<double> cache);

    /// <summary>
    /// Runs the network over a sequence: states ((T+1)×S, row 0 the initial state), outputs, output deltas
    /// (y − p)·p·(1 − p) and the summed |y − p| (the tutorial's overallError).
    /// </summary>
    internal void Forward(RecurrentNetwork network, BitSequence sequence, Unrolling run)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(run);
        var steps = sequence.Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, run.Capacity);
        var s = run.StateSize;
        var c = CacheSize(network.Hidden);
        if (s != StateSize(network.Hidden) || run.Cache.Length < c * run.Capacity)
        {
            throw new ArgumentException($"The unrolling is not shaped for this {Name} network.", nameof(run));
        }
        var states = run.HiddenStates;
        InitialState(network, states.AsSpan(0, s));
        var error = 0.0;
        for (var t = 0; t < steps; t++)
        {
            var output = StepForward(network, sequence.A[t], sequence.B[t], states.AsSpan(t * s, s), states.AsSpan((t + 1) * s, s), run.Cache.AsSpan(t * c, c));
            // layer_2_error = y − layer_2; layer_2_delta = error · layer_2 · (1 − layer_2)
            var outputError = sequence.Target[t] - output;
            run.Outputs[t] = output;
            run.OutputDeltas[t] = outputError * (output * (1 - output));
            error += Math.Abs(outputError);
        }
        run.Length = steps;
        run.Error = error;
    }

    /// <summary>
    /// Backpropagation through time over the last forward pass, newest step first, adding the update (minus the
    /// gradient of ½Σ(y − p)²) into <paramref name="update"/>, as the tutorial's weight_*_update does.
    /// </summary>
    internal abstract void Backward(RecurrentNetwork network, BitSequence sequence, Unrolling run, Gradient update);

    /// <summary>The cell's <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
