using System.Numerics;
using CsCheck;
using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Tests.Arithmetic;

/// <summary>
/// Long multiplication and division are right given a right adder (against BigInteger, any signs and sizes), and
/// with the default networks as the adder; a broken network gives wrong answers that are reported wrong.
/// </summary>
public class LongArithmeticTests
{
    /// <summary>Signed integers from 0 to <paramref name="maxBits"/> bits, with extra weight on 0, ±1 and powers of two.</summary>
    private static Gen<BigInteger> Signed(int maxBits) =>
        Gen.Frequency(
            (6, Gen.Int[0, maxBits].SelectMany(bits => Gen.Byte.Array[(bits + 7) / 8]).Select(bytes => new BigInteger(bytes, isUnsigned: false))),
            (1, Gen.Int[0, maxBits].Select(bits => BigInteger.One << bits)),
            (1, Gen.Int[-1, 1].Select(v => new BigInteger(v))))
        .SelectMany(v => Gen.Bool.Select(negative => negative ? -v : v));

    [Fact]
    public void MultiplicationGivenAPerfectAdderIsBigIntegersInEveryBase() =>
        Gen.Select(Signed(300), Signed(300), Gen.Int[0, 10]).Sample((a, b, digitBits) =>
            Assert.Equal(a * b, LongMultiplication.Multiply(new ExactArithmetic(), a, b, digitBits == 0 ? null : digitBits)), iter: 2000);

    [Fact]
    public void DivisionGivenAPerfectSubtracterIsBigIntegersDivRemInEveryBase() =>
        Gen.Select(Signed(300), Signed(200).Where(b => !b.IsZero), Gen.Int[0, 10]).Sample((a, b, digitBits) =>
        {
            var expected = BigInteger.DivRem(a, b);
            Assert.Equal(expected, LongDivision.DivRem(new ExactArithmetic(), a, b, digitBits == 0 ? null : digitBits));
        }, iter: 2000);

    [Theory]
    [InlineData(-7, 2, -3, -1)]
    [InlineData(7, -2, -3, 1)]
    [InlineData(-7, -2, 3, -1)]
    [InlineData(0, 5, 0, 0)]
    [InlineData(5, 7, 0, 5)]
    [InlineData(255, 1, 255, 0)]
    public void DivisionTruncatesTowardZeroAndTheRemainderTakesTheDividendsSign(long a, long b, long quotient, long remainder) =>
        Assert.Equal((new BigInteger(quotient), new BigInteger(remainder)), LongDivision.DivRem(new ExactArithmetic(), a, b));

    [Fact]
    public void DivisionByZeroThrows() =>
        Assert.Throws<DivideByZeroException>(() => LongDivision.DivRem(new ExactArithmetic(), 5, 0));

    [Fact]
    public void AProductsAdditionsAreBatchedByLevelOfTheTree()
    {
        var unit = new ExactArithmetic();
        var allOnes = (BigInteger.One << 1024) - 1;
        Assert.Equal(allOnes * allOnes, LongMultiplication.Multiply(unit, allOnes, allOnes, digitBits: 1));
        // Base 2: 1024 partial products, 1023 additions in 10 levels (512, 256, …, 1).
        Assert.Equal(1023, unit.Pairs);
        Assert.Equal(10, unit.Batches);
    }

    [Fact]
    public void ALargerBaseTradesMultiplesForFewerPartialProducts()
    {
        var unit = new ExactArithmetic();
        var allOnes = (BigInteger.One << 1024) - 1;
        Assert.Equal(allOnes * allOnes, LongMultiplication.Multiply(unit, allOnes, allOnes, digitBits: 8));
        // 127 odd multiples in 7 batches, then 128 digits of 255: 127 additions in 7 levels.
        Assert.Equal(127 + 127, unit.Pairs);
        Assert.Equal(7 + 7, unit.Batches);
    }

    [Fact]
    public void ADivisionTriesAboutTwoMultiplesPerDigit()
    {
        var unit = new ExactArithmetic();
        var a = BigInteger.Pow(7, 2000);
        var d = BigInteger.Pow(3, 700) + 12345;
        Assert.Equal(BigInteger.DivRem(a, d), LongDivision.DivRem(unit, a, d, digitBits: 8));
        var quotientDigits = (int)((BigInteger.Divide(a, d).GetBitLength() + 7) / 8);
        // Base 256: 127 odd multiples in 7 batches, then one batch of two trials per digit (the guess is nearly always right).
        Assert.InRange(unit.Pairs, 127 + (2 * (quotientDigits - 2)), 127 + (2 * quotientDigits) + 20);
    }

    [Fact]
    public void TheDefaultNetworksMultiplyAndDivideThousandsOfBitsExactly() =>
        Gen.Select(Signed(3000), Signed(1500).Where(b => !b.IsZero), Gen.Int[0, 2]).Sample((a, b, which) =>
        {
            var text = FormattableString.Invariant($"{a} {"*/%"[which]} ({b})");
            var calculation = DefaultModels.Calculator.Calculate(Expression.Parse(text, 8192));
            Assert.Equal(which switch { 0 => a * b, 1 => BigInteger.Divide(a, b), _ => BigInteger.Remainder(a, b) }, calculation.Result);
            Assert.True(calculation.Correct);
        }, iter: 6, threads: 1);

    [Fact]
    public void MixedExpressionsWithNegativeOperandsAreExact() =>
        Gen.Select(Signed(200), Signed(200), Signed(120).Where(c => !c.IsZero), Signed(60)).Sample((a, b, c, d) =>
        {
            var text = FormattableString.Invariant($"({a}) * ({b}) - ({a}) / ({c}) + -({d}) % ({c}) * {d}");
            var calculation = DefaultModels.Calculator.Calculate(Expression.Parse(text, 8192));
            var exact = (a * b) - BigInteger.Divide(a, c) + (BigInteger.Remainder(-d, c) * d);
            Assert.Equal(exact, calculation.Exact);
            Assert.Equal(exact, calculation.Result);
        }, iter: 25, threads: 1);

    [Theory]
    [InlineData("add", "123456789 * 987654321")]
    [InlineData("subtract", "987654321987654321 / 12345")]
    [InlineData("subtract", "987654321987654321 % 12345")]
    public void ABrokenNetworkMakesProductsAndQuotientsWrong(string broken, string text)
    {
        Assert.True(Operation.TryParse(broken, out var operation));
        var networks = new Dictionary<Operation, RecurrentNetwork> { [Operation.Add] = DefaultModels.Add.Network, [Operation.Subtract] = DefaultModels.Subtract.Network };
        networks[operation] = DefaultModels.Flipped(networks[operation]);
        var calculation = new Calculator(networks).Calculate(Expression.Parse(text, 8192));
        Assert.False(calculation.Correct);
        Assert.NotEqual(calculation.Exact, calculation.Result);
        Assert.Contains(calculation.Runs, r => !r.Correct);
    }

    [Fact]
    public void EveryRunTracedAgainGivesTheSameBits()
    {
        var calculator = DefaultModels.Calculator;
        var calculation = calculator.Calculate(Expression.Parse("123456789123 * 98765 - 1000000007 / 97", 8192));
        Assert.True(calculation.Correct);
        Assert.Equal(Enumerable.Range(1, calculation.Runs.Count), calculation.Runs.Select(r => r.Number));
        foreach (var run in calculation.Runs)
        {
            var trace = calculator.Trace(run);
            Assert.Equal(run.Result, trace.Result);
            Assert.Equal(run.Steps, trace.Steps.Count);
        }
        Assert.Equal(calculation.Runs.Count, calculation.Operations.Sum(o => o.Runs.Count));
    }
}
