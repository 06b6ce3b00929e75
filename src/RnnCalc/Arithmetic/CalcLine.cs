using System.Globalization;
using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// A calculation as <c>rnncalc calc --format json</c> and the web API's <c>POST /api/calc</c> print it: integers as
/// strings, so any size survives every JSON reader.
/// </summary>
public sealed record CalcLine(string Expression, string Result, string Exact, bool Correct, IReadOnlyList<CalcOperationLine> Steps)
{
    /// <summary>What the CLI prints for a calculation; bit rows only with <paramref name="trace"/>, as <c>--trace</c>.</summary>
    public static CalcLine From(Calculation calculation, bool trace)
    {
        ArgumentNullException.ThrowIfNull(calculation);
        return new(
            calculation.Expression.Text,
            Text(calculation.Result),
            Text(calculation.Exact),
            calculation.Correct,
            [.. calculation.Operations.Select(o => new CalcOperationLine(
                o.Operation.Name,
                Text(o.A),
                Text(o.B),
                Text(o.Result),
                Text(o.Exact),
                o.Correct,
                o.Steps.Count,
                trace ? [.. o.Steps.Select(s => new CalcBitLine(s.Step, s.A, s.B, s.Probability, s.Emitted, s.Exact, s.Correct, s.Hidden))] : null))]);
    }

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
