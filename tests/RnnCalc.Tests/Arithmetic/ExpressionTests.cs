using System.Globalization;
using System.Numerics;
using CsCheck;
using RnnCalc.Arithmetic;

namespace RnnCalc.Tests.Arithmetic;

public class ExpressionTests
{
    [Theory]
    [InlineData("-5 - 7 + 1000", "988")]
    [InlineData("2 + 3 * 4", "14")]
    [InlineData("(2 + 3) * 4", "20")]
    [InlineData("100 / 10 / 5", "2")]
    [InlineData("100 - 10 - 5", "85")]
    [InlineData("7 % 4 * 3", "9")]
    [InlineData("-7 / 2", "-3")]
    [InlineData("-7 % 2", "-1")]
    [InlineData("7 / -2", "-3")]
    [InlineData("7 % -2", "1")]
    [InlineData("-(2 * 3)", "-6")]
    [InlineData("-(-(4))", "4")]
    [InlineData("2--3", "5")]
    [InlineData("2 -- 3", "5")]
    [InlineData("2 - - 3", "5")]
    [InlineData("6 × 7 ÷ 2", "21")]
    [InlineData("  +5 -3  ", "2")]
    [InlineData("((((1))))", "1")]
    public void PrecedenceParenthesesAndTruncationAreAsInCSharp(string text, string exact) =>
        Assert.Equal(BigInteger.Parse(exact, CultureInfo.InvariantCulture), Expression.Parse(text, 4096).Exact);

    [Fact]
    public void PostfixKeepsOperatorPositionsAndFoldsSignsIntoNumbers()
    {
        var e = Expression.Parse("-5 - 7 * 2", 4096);
        Assert.Equal(["-5", "7", "2", "*", "-"], e.Postfix.Select(p => p.Operator?.Symbol.ToString() ?? p.Value.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal([3, 7], e.Postfix.Where(p => p.Operator is not null).Select(p => p.Position).Reverse());
        Assert.Equal([Operation.Add, Operation.Subtract], e.Operations);
    }

    [Theory]
    [InlineData("5 -", "ends where a number or '(' was expected")]
    [InlineData("1e9", "unexpected 'e' at position 2")]
    [InlineData("12abc", "unexpected 'a' at position 3")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("5 3", "unexpected '3' at position 3; expected an operator")]
    [InlineData("1.5 + 2", "unexpected '.' at position 2")]
    [InlineData("2 ** 3", "unexpected '**' at position 3; there is no power operator")]
    [InlineData("5 // 2", "unexpected '//' at position 3")]
    [InlineData("(1 + 2", "ends where ')' was expected, to close the '(' at position 1")]
    [InlineData("1 + 2)", "unexpected ')' at position 6; no '(' before it is open")]
    [InlineData("()", "unexpected ')' at position 2; expected a number or '('")]
    [InlineData("5 / 0", "division by zero: the divisor at position 5 is 0")]
    [InlineData("5 % (2 - 2)", "remainder by zero: the divisor at position 5 is 0")]
    [InlineData("_ + 1", "unexpected '_' at position 1")]
    [InlineData("٣ + 1", "unexpected '٣' at position 1")]
    public void MalformedExpressionsAreRefusedWithWhereAndWhy(string text, string expected)
    {
        var e = Assert.Throws<ExpressionException>(() => Expression.Parse(text, 4096));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OperandsAndResultsWiderThanMaxBitsAreRefused()
    {
        Assert.Equal(255, Expression.Parse("255", 9).Exact);
        Assert.Contains("needs 10 bits, more than --max-bits 9", Assert.Throws<ExpressionException>(() => Expression.Parse("1 + 256", 9)).Message, StringComparison.Ordinal);
        // The limit covers results too: 127 + 127 = 254 needs 9 bits with its sign.
        Assert.Equal(127, Expression.Parse("127 + 0", 8).Exact);
        Assert.Contains("the result of '+' at position 5 needs 9 bits", Assert.Throws<ExpressionException>(() => Expression.Parse("127 + 127", 8)).Message, StringComparison.Ordinal);
        Assert.Contains("the result of '*'", Assert.Throws<ExpressionException>(() => Expression.Parse("65535 * 65535", 32)).Message, StringComparison.Ordinal);
        Assert.Equal(33, Expression.Parse("65535 * 65535", 33).WidestBits);
    }

    [Fact]
    public void TheDefaultLimitTakesAThousandDigitProduct()
    {
        var nines = new string('9', 1000);
        var e = Expression.Parse($"{nines} * {nines}", 8192);
        Assert.Equal(BigInteger.Pow(BigInteger.Parse(nines, CultureInfo.InvariantCulture), 2), e.Exact);
    }

    [Fact]
    public void UnderscoreIsTheLastResultWhenThereIsOne() =>
        Assert.Equal(43, Expression.Parse("_ * 2 + 1", 64, last: 21).Exact);

    [Fact]
    public void MegabytesOfInputAndDeepNestingAreRefusedQuickly()
    {
        Assert.Throws<ExpressionException>(() => Expression.Parse(new string('9', 2_000_000), 4096));
        var e = Assert.Throws<ExpressionException>(() => Expression.Parse(new string('9', 50_000), 4096));
        Assert.Contains("50000 digits", e.Message, StringComparison.Ordinal);
        Assert.Contains("nested deeper than 1,000", Assert.Throws<ExpressionException>(() => Expression.Parse(new string('(', 50_000), 4096)).Message, StringComparison.Ordinal);
        // Long chains and long runs of signs are loops, not recursion.
        Assert.Equal(33_333, Expression.Parse(string.Concat(Enumerable.Repeat("1+", 33_332)) + "1", 4096).Exact);
        Assert.Equal(-1, Expression.Parse(new string('-', 99_999) + "1", 4096).Exact);
    }

    [Fact]
    public void ArbitraryStringsNeverThrowAnythingButExpressionException() =>
        Gen.String[Gen.Char["0123456789+-*/%() e.x\t_"], 0, 40].Sample(text =>
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
    public void ExactValueIsBigIntegersForRandomExpressions() =>
        Gen.Select(Gen.Long, Gen.Long.Where(b => b != 0), Gen.Long).Sample((a, b, c) =>
        {
            var e = Expression.Parse(FormattableString.Invariant($"{a} - {c} * ({a} % {b}) + {c} / {b}"), 256);
            Assert.Equal(a - (c * BigInteger.Remainder(a, b)) + BigInteger.Divide(c, b), e.Exact);
        });
}
