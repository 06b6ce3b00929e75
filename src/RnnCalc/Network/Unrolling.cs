namespace RnnCalc.Network;

/// <summary>
/// Everything the forward pass remembers for the backward pass, preallocated for sequences up to a
/// capacity so that training allocates nothing per update.
/// </summary>
public sealed class Unrolling
{
    public Unrolling(int hidden, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Hidden = hidden;
        Capacity = capacity;
        HiddenStates = new double[(capacity + 1) * hidden];
        Outputs = new double[capacity];
        OutputDeltas = new double[capacity];
        HiddenDelta = new double[hidden];
        FutureHiddenDelta = new double[hidden];
    }

    public int Hidden { get; }

    public int Capacity { get; }

    /// <summary>Steps of the last forward pass.</summary>
    public int Length { get; internal set; }

    /// <summary>((T+1)×H): row 0 is the initial state, row t+1 the state after step t (the tutorial's layer_1_values).</summary>
    public double[] HiddenStates { get; }

    /// <summary>(T): output probability after each step (layer_2).</summary>
    public double[] Outputs { get; }

    /// <summary>(T): (y − out)·out·(1 − out) per step (layer_2_deltas).</summary>
    public double[] OutputDeltas { get; }

    /// <summary>Σₜ |yₜ − outₜ| of the last forward pass (the tutorial's overallError).</summary>
    public double Error { get; internal set; }

    /// <summary>(H) backward scratch: layer_1_delta.</summary>
    internal double[] HiddenDelta { get; }

    /// <summary>(H) backward scratch: future_layer_1_delta.</summary>
    internal double[] FutureHiddenDelta { get; }

    /// <summary>The hidden state after step <paramref name="step"/> (−1 for the initial state).</summary>
    public ReadOnlySpan<double> HiddenAfter(int step) => HiddenStates.AsSpan((step + 1) * Hidden, Hidden);

    /// <summary>The bit the network emits at a step: the output rounded (numpy rounds half to even, so 0.5 → 0).</summary>
    public byte EmittedBit(int step) => Outputs[step] > 0.5 ? (byte)1 : (byte)0;
}
