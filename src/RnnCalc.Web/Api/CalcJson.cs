using System.Globalization;
using System.Numerics;
using RnnCalc.Arithmetic;

namespace RnnCalc.Web.Api;

/// <summary>
/// The shape of <c>rnncalc calc --format json</c>, declared again here so the web API answers with the very same
/// JSON (the CLI's records are internal to it); a test compares the two byte for byte.
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

/// <summary>One operation of a calculation.</summary>
public sealed record CalcOperationLine(string Operation, string A, string B, string Result, string Exact, bool Correct, int Width, IReadOnlyList<CalcBitLine>? Bits);

/// <summary>One bit of an operation (with trace).</summary>
public sealed record CalcBitLine(int Step, int A, int B, double Probability, int Emitted, int Exact, bool Correct, double[] Hidden);
