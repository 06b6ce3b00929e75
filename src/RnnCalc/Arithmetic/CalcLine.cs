using System.Globalization;
using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// A calculation as <c>rnncalc calc --format json</c> and the web API's <c>POST /api/calc</c> print it: integers as
/// strings, so any size survives every JSON reader. <see cref="Runs"/> counts the network runs, <see cref="Run"/>
/// is the bit table of one of them when asked for, <see cref="Guarantee"/> says whether the answer is proven.
/// </summary>
internal sealed record CalcLine(
    string Expression,
    string Result,
    string Exact,
    bool Correct,
    IReadOnlyList<CalcOperationLine> Steps,
    int Runs,
    long NetworkSteps,
    CalcRunLine? Run,
    CalcGuarantee? Guarantee)
{
    /// <summary>
    /// What the CLI prints for a calculation; with <paramref name="trace"/> the bit rows of every + and − (as
    /// <c>--trace</c>), with <paramref name="traceRun"/> the bit table of that run (numbered from 1).
    /// </summary>
    public static CalcLine From(Calculation calculation, Calculator calculator, bool trace, int? traceRun = null)
    {
        ArgumentNullException.ThrowIfNull(calculation);
        ArgumentNullException.ThrowIfNull(calculator);
        return new(
            calculation.Expression.Text,
            Text(calculation.Result),
            Text(calculation.Exact),
            calculation.Correct,
            [.. calculation.Operations.Select(o => new CalcOperationLine(
                o.Operator.Name,
                Text(o.A),
                Text(o.B),
                Text(o.Result),
                Text(o.Exact),
                o.Correct,
                o.Runs.Count == 0 ? 0 : o.Runs.Max(r => r.Steps),
                trace && o.Runs.Count == 1 ? Bits(calculator.Trace(o.Runs[0])) : null,
                o.Position,
                o.Runs.Count == 0 ? 0 : o.Runs[0].Number,
                o.Runs.Count,
                o.NetworkSteps))],
            calculation.Runs.Count,
            calculation.NetworkSteps,
            traceRun is { } number ? RunLine(calculation.Runs[number - 1], calculator.Trace(calculation.Runs[number - 1])) : null,
            null);
    }

    /// <summary>Run <paramref name="run"/> with its bit table.</summary>
    public static CalcRunLine RunLine(NetworkRun run, Trace trace)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(trace);
        return new(run.Number, run.Operation.Name, Text(run.A), Text(run.B), Text(run.Result), Text(run.Exact), run.Correct, run.Steps, Bits(trace));
    }

    private static CalcBitLine[] Bits(Trace trace) =>
        [.. trace.Steps.Select(s => new CalcBitLine(s.Step, s.A, s.B, s.Probability, s.Emitted, s.Exact, s.Correct, s.Hidden) { Cell = s.CellState })];

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
