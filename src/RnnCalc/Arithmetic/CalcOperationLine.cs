namespace RnnCalc.Arithmetic;

/// <summary>One operation of a calculation.</summary>
public sealed record CalcOperationLine(string Operation, string A, string B, string Result, string Exact, bool Correct, int Width, IReadOnlyList<CalcBitLine>? Bits);
