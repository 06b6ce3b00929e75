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
        // One + or − on two numbers: postfix number, number, operator.
        if (expression.Postfix is not [{ Operator: null, Negate: false } a, { Operator: null, Negate: false } b, { Operator: { } op }] || (op != BinaryOperator.Add && op != BinaryOperator.Subtract))
        {
            throw new UsageException("--example is one + or - on two integers, e.g. \"200 - 57\"");
        }
        var width = Math.Max(TwosComplement.Width(a.Value), TwosComplement.Width(b.Value));
        if (width > MaxBits)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--example needs {width}-bit operands; the picture shows at most {MaxBits} bits"));
        }
        return new ReportExample(op.Network, a.Value, b.Value);
    }
}
