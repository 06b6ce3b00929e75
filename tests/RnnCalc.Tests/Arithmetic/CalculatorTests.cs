using System.Globalization;
using System.Numerics;
using CsCheck;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;

namespace RnnCalc.Tests.Arithmetic;

public class CalculatorTests
{
    [Theory]
    [InlineData("subtract")]
    [InlineData("add")]
    public void DefaultNetworksAreRightOnEveryEightBitPair(string name)
    {
        Assert.True(Operation.TryParse(name, out var operation));
        var model = DefaultModels.For(operation);
        var report = Evaluator.Exhaustive(model.Network, model.Config.Problems);
        Assert.Equal(32_896, report.Pairs);
        Assert.True(report.AllCorrect, $"{report.Pairs - report.Correct} pairs wrong, first: {string.Join(", ", report.FirstFailures)}");
    }

    [Theory]
    [InlineData("200 - 57", "143")]
    [InlineData("57 - 200", "-143")]
    [InlineData("-5 - 7 + 1000", "988")]
    [InlineData("99 + 1", "100")]
    [InlineData("255 + 255", "510")]
    [InlineData("-128 - 128", "-256")]
    [InlineData("0 - 0", "0")]
    [InlineData("7", "7")]
    [InlineData("-5 + -7", "-12")]
    public void TheNetworkCalculates(string text, string expected)
    {
        var calculation = DefaultModels.Calculator.Calculate(Expression.Parse(text, 4096));
        Assert.Equal(BigInteger.Parse(expected, CultureInfo.InvariantCulture), calculation.Exact);
        Assert.Equal(calculation.Exact, calculation.Result);
        Assert.True(calculation.Correct);
    }

    [Fact]
    public void EvaluationIsLeftToRight()
    {
        var calculation = DefaultModels.Calculator.Calculate(Expression.Parse("10 - 3 + 2 - 20", 4096));
        Assert.Equal(-11, calculation.Result);
        Assert.Equal(["10 - 3", "7 + 2", "9 - 20"], calculation.Operations.Select(o => FormattableString.Invariant($"{o.A} {o.Operator.Symbol} {o.B}")));
    }

    [Fact]
    public void ThreeHundredDigitSubtractionByAnEightBitNetworkIsExact()
    {
        var a = BigInteger.Parse(string.Concat(Enumerable.Repeat("9876543210", 30)), CultureInfo.InvariantCulture);
        var b = BigInteger.Parse(string.Concat(Enumerable.Repeat("1234567891", 30)), CultureInfo.InvariantCulture);
        var calculation = DefaultModels.Calculator.Calculate(Expression.Parse($"{a} - {b}", 4096));
        Assert.Equal(a - b, calculation.Result);
        var reverse = DefaultModels.Calculator.Calculate(Expression.Parse($"{b} - {a}", 4096));
        Assert.Equal(b - a, reverse.Result);
    }

    [Fact]
    public void TheTraceRunsWidthPlusOneStepsAndFollowsTheBorrow()
    {
        var trace = DefaultModels.Calculator.Run(Operation.Subtract, 16, 1);
        Assert.Equal(TwosComplement.Width(16) + 1, trace.Steps.Count);
        // 16 − 1: the borrow is taken at bit 0 and carried through bits 1..3, paid at bit 4.
        Assert.Equal([1, 1, 1, 1, 0, 0, 0], trace.Steps.Select(s => (int)s.ExactState));
        Assert.All(trace.Steps, s => Assert.Equal(16, s.Hidden.Length));
        Assert.All(trace.Steps, s => Assert.Equal(s.Emitted, s.Probability > 0.5 ? (byte)1 : (byte)0));
    }

    [Fact]
    public void RandomSignedOperandsOfRandomWidthsAreExact() =>
        Gen.Select(Gen.Long, Gen.Long, Gen.Bool).Sample((a, b, add) =>
        {
            var op = add ? Operation.Add : Operation.Subtract;
            var trace = DefaultModels.Calculator.Run(op, a, b);
            Assert.Equal(op.Exact(a, b), trace.Result);
        }, iter: 300);

    [Fact]
    public void AWrongNetworkIsReportedWrongNotCorrected()
    {
        var broken = DefaultModels.Subtract.Network.Clone();
        broken.Output.Clear();
        var calculator = new Calculator(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork> { [Operation.Subtract] = broken });
        var calculation = calculator.Calculate(Expression.Parse("200 - 57", 4096));
        Assert.False(calculation.Correct);
        Assert.Equal(143, calculation.Exact);
        Assert.Equal(0, calculation.Result);
    }
}
