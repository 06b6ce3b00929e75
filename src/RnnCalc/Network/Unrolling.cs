using RnnCalc.Network.Cells;

namespace RnnCalc.Network;

/// <summary>
/// Everything the forward pass remembers for the backward pass, preallocated for sequences up to a
/// capacity so that training allocates nothing per update.
/// </summary>
internal sealed class Unrolling
{
    /// <summary>For the tutorial's cell.</summary>
    public Unrolling(int hidden, int capacity)
        : this(Cell.Sigmoid, hidden, capacity)
    {
    }

    public Unrolling(Cell cell, int hidden, int capacity)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Cell = cell;
        Hidden = hidden;
        Capacity = capacity;
        StateSize = cell.StateSize(hidden);
        HiddenStates = new double[(capacity + 1) * StateSize];
        Cache = new double[capacity * cell.CacheSize(hidden)];
        Outputs = new double[capacity];
        OutputDeltas = new double[capacity];
        Scratch = new double[cell.ScratchSize(hidden)];
    }

    public Cell Cell { get; }

    public int Hidden { get; }

    public int Capacity { get; }

    /// <summary>Numbers in one step's state: H, or 2H for an LSTM (h then c).</summary>
    public int StateSize { get; }

    /// <summary>Steps of the last forward pass.</summary>
    public int Length { get; internal set; }

    /// <summary>
    /// ((T+1)×S): row 0 is the initial state, row t+1 the state after step t (the tutorial's layer_1_values).
    /// For the tutorial's cell S = H.
    /// </summary>
    public double[] HiddenStates { get; }

    /// <summary>(T×C): per step, the gate values the cell keeps for its backward pass (empty for the tutorial's cell).</summary>
    public double[] Cache { get; }

    /// <summary>(T): output probability after each step (layer_2).</summary>
    public double[] Outputs { get; }

    /// <summary>(T): (y − out)·out·(1 − out) per step (layer_2_deltas).</summary>
    public double[] OutputDeltas { get; }

    /// <summary>Σₜ |yₜ − outₜ| of the last forward pass (the tutorial's overallError).</summary>
    public double Error { get; internal set; }

    /// <summary>Backward scratch (the tutorial's layer_1_delta and future_layer_1_delta, and gate deltas).</summary>
    internal double[] Scratch { get; }

    /// <summary>
    /// From the outputs of the first <paramref name="steps"/> steps: the output deltas, the error and the length, as
    /// <see cref="Cell.Forward"/> computes them step by step (for kernels that compute the outputs all at once).
    /// </summary>
    internal void Score(BitSequence sequence, int steps)
    {
        // layer_2_error = y − layer_2; layer_2_delta = error · layer_2 · (1 − layer_2); overallError += |error|
        var error = 0.0;
        for (var t = 0; t < steps; t++)
        {
            var output = Outputs[t];
            var outputError = sequence.Target[t] - output;
            OutputDeltas[t] = outputError * (output * (1 - output));
            error += Math.Abs(outputError);
        }
        Length = steps;
        Error = error;
    }

    /// <summary>The hidden state h after step <paramref name="step"/> (−1 for the initial state).</summary>
    public ReadOnlySpan<double> HiddenAfter(int step) => HiddenStates.AsSpan((step + 1) * StateSize, Hidden);

    /// <summary>The whole state (h, and c for an LSTM) after step <paramref name="step"/> (−1 for the initial state).</summary>
    public ReadOnlySpan<double> StateAfter(int step) => HiddenStates.AsSpan((step + 1) * StateSize, StateSize);

    /// <summary>The bit the network emits at a step: the output rounded (numpy rounds half to even, so 0.5 → 0).</summary>
    public byte EmittedBit(int step) => Outputs[step] > 0.5 ? (byte)1 : (byte)0;
}
