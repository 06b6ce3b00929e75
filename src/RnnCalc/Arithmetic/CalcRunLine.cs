namespace RnnCalc.Arithmetic;

/// <summary>One network run of a calculation with its bit table (<c>--trace-run N</c>, the API's <c>run</c>).</summary>
internal sealed record CalcRunLine(int Number, string Operation, string A, string B, string Result, string Exact, bool Correct, int Steps, IReadOnlyList<CalcBitLine> Bits);
