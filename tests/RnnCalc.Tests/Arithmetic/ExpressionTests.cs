using System.Numerics;
using CsCheck;
using RnnCalc.Arithmetic;

namespace RnnCalc.Tests.Arithmetic;

public class ExpressionTests
{
    [Fact]
    public void ParsesIntegersJoinedByPlusAndMinus()
    {
        var e = Expression.Parse("-5 - 7 + 1000", 4096);
        Assert.Equal(-5, e.First);
        Assert.Equal([new Term(Operation.Subtract, 7), new Term(Operation.Add, 1000)], e.Terms);
        Assert.Equal([Operation.Subtract, Operation.Add], e.Operations);
    }

    [Theory]
    [InlineData("5 - -3", 5, "subtract", -3)]
    [InlineData("5+3", 5, "add", 3)]
    [InlineData("  +5 -3  ", 5, "subtract", 3)]
    public void SignsMayStandDirectlyBeforeNumbers(string text, int first, string op, int second)
    {
        var e = Expression.Parse(text, 4096);
        Assert.Equal(first, e.First);
        Assert.Equal(op, e.Terms[0].Operation.Name);
        Assert.Equal(second, e.Terms[0].Operand);
    }

    [Theory]
    [InlineData("5 -", "ends where a number was expected")]
    [InlineData("--3", "unexpected '-' at position 2")]
    [InlineData("1e9", "unexpected 'e' at position 2")]
    [InlineData("12abc", "unexpected 'a' at position 3")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("5 3", "unexpected '3' at position 3; expected + or -")]
    [InlineData("1.5 + 2", "unexpected '.' at position 2")]
    [InlineData("5 * 3", "unexpected '*' at position 3")]
    [InlineData("٣ + 1", "unexpected '٣' at position 1")]
    public void MalformedExpressionsAreRefusedWithWhereAndWhy(string text, string expected)
    {
        var e = Assert.Throws<ExpressionException>(() => Expression.Parse(text, 4096));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OperandsWiderThanMaxBitsAreRefused()
    {
        Assert.Equal(255, Expression.Parse("255", 9).First);
        var e = Assert.Throws<ExpressionException>(() => Expression.Parse("1 + 256", 9));
        Assert.Contains("needs 10 bits, more than --max-bits 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MegabytesOfInputAreRefusedQuickly()
    {
        Assert.Throws<ExpressionException>(() => Expression.Parse(new string('9', 2_000_000), 4096));
        var e = Assert.Throws<ExpressionException>(() => Expression.Parse(new string('9', 50_000), 4096));
        Assert.Contains("50000 digits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArbitraryStringsNeverThrowAnythingButExpressionException() =>
        Gen.String[Gen.Char["0123456789+- e.x\t"], 0, 40].Sample(text =>
        {
            try
            {
                Expression.Parse(text, 64);
            }
            catch (ExpressionException)
            {
            }
        });

    [Fact]
    public void PrintedIntegersParseBackExactly() =>
        Gen.Select(Gen.Long, Gen.Long).Sample((a, b) =>
        {
            var e = Expression.Parse(FormattableString.Invariant($"{a} - {b}"), 128);
            Assert.Equal(new BigInteger(a), e.First);
            Assert.Equal(new BigInteger(b), e.Terms[0].Operand);
        });
}
