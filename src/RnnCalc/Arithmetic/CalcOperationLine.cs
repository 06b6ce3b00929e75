namespace RnnCalc.Arithmetic;

/// <summary>
/// One operator of a calculation: <see cref="Width"/> is the steps of its longest run, <see cref="Bits"/> the bit
/// rows of a one-run operator (+ or −) when traced, <see cref="Position"/> where it stands (from 0),
/// <see cref="FirstRun"/> the number of its first network run (0 when it took none), <see cref="Runs"/> how many.
/// </summary>
internal sealed record CalcOperationLine(
    string Operation,
    string A,
    string B,
    string Result,
    string Exact,
    bool Correct,
    int Width,
    IReadOnlyList<CalcBitLine>? Bits,
    int Position,
    int FirstRun,
    int Runs,
    long NetworkSteps);
