namespace RnnCalc.Arithmetic;

/// <summary>
/// What the network did at one bit: the input bits, its output probability, the bit it emitted, the exact bit,
/// the reference machine's borrow or carry after this step, and its hidden state (H).
/// </summary>
public sealed record BitStep(int Step, byte A, byte B, double Probability, byte Emitted, byte Exact, byte ExactState, double[] Hidden)
{
    /// <summary>An LSTM's cell state c (H) after this step; null for cells whose state is h alone.</summary>
    public double[]? CellState { get; init; }

    /// <summary>True when the network emitted the exact bit at this step.</summary>
    public bool Correct => Emitted == Exact;
}
