using System.Globalization;
using System.Numerics;
using RnnCalc.Arithmetic;

namespace RnnCalc.Cli.Commands;

/// <summary>The calculation <c>report --example</c> traces: exactly one operation on two integers, narrow enough to draw.</summary>
internal sealed record ReportExample(Operation Operation, BigInteger A, BigInteger B)
{
    /// <summary>Wider operands make cells too thin to read.</summary>
    public const int MaxBits = 64;

    public static ReportExample Parse(string text)
    {
        Expression expression;
        try
        {
            expression = Expression.Parse(text, 4096);
        }
        catch (ExpressionException e)
        {
            throw new UsageException($"--example: {e.Message}");
        }
        if (expression.Terms.Count != 1)
        {
            throw new UsageException("--example is one operation on two integers, e.g. \"200 - 57\"");
        }
        var term = expression.Terms[0];
        var width = Math.Max(TwosComplement.Width(expression.First), TwosComplement.Width(term.Operand));
        if (width > MaxBits)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--example needs {width}-bit operands; the picture shows at most {MaxBits} bits"));
        }
        return new ReportExample(term.Operation, expression.First, term.Operand);
    }
}
