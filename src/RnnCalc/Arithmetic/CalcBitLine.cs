namespace RnnCalc.Arithmetic;

/// <summary>One bit of an operation (with trace).</summary>
internal sealed record CalcBitLine(int Step, int A, int B, double Probability, int Emitted, int Exact, bool Correct, double[] Hidden)
{
    /// <summary>An LSTM's cell state c after this step (null for the other cells).</summary>
    public double[]? Cell { get; init; }
}
