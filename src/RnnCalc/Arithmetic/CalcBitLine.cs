namespace RnnCalc.Arithmetic;

/// <summary>One bit of an operation (with trace).</summary>
public sealed record CalcBitLine(int Step, int A, int B, double Probability, int Emitted, int Exact, bool Correct, double[] Hidden);
