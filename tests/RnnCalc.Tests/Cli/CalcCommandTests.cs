using System.Text.Json;
using RnnCalc.Cli.Commands;
using RnnCalc.Persistence;

namespace RnnCalc.Tests.Cli;

public class CalcCommandTests
{
    [Theory]
    [InlineData("200 - 57", "143")]
    [InlineData("57 - 200", "-143")]
    [InlineData("-5 - 7 + 1000", "988")]
    [InlineData("99 + 1", "100")]
    public void PrintsTheNetworksAnswer(string expression, string expected)
    {
        var run = CliRun.Of("calc", expression);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, run.Output.Trim());
        Assert.Contains("using the default", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("rnncalc: guaranteed: the ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("143", "200", "-", "57")]
    [InlineData("-143", "57", "-", "200")]
    [InlineData("143", "200", "-57", "+", "0")]
    [InlineData("5", "2", "--", "3")]
    [InlineData("84", "12", "*", "(3", "+", "4)")]
    [InlineData("-3", "-7", "/", "2")]
    [InlineData("-1", "-7", "%", "2")]
    [InlineData("87", "12 * (3 + 4) - -5 × 2 ÷ 3")]
    public void UnquotedWordsAreJoinedIntoOneExpression(string expected, params string[] words)
    {
        var run = CliRun.Of(["calc", .. words]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, run.Output.Trim());
    }

    [Fact]
    public void OptionsMayStandBetweenTheWords()
    {
        var run = CliRun.Of("calc", "6", "*", "--format", "json", "7");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        Assert.Equal("42", doc.RootElement.GetProperty("result").GetString());
    }

    [Fact]
    public void ProductsAndQuotientsSayHowManyRunsTheyTookAndAnyRunCanBeTraced()
    {
        var run = CliRun.Of("calc", "123456789 * 1000003 / 77", "--format", "json", "--trace-run", "3");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var root = doc.RootElement;
        Assert.Equal("1603339732082", root.GetProperty("result").GetString());
        var steps = root.GetProperty("steps");
        Assert.Equal("multiply", steps[0].GetProperty("operation").GetString());
        Assert.Equal("divide", steps[1].GetProperty("operation").GetString());
        var runs = steps.EnumerateArray().Sum(s => s.GetProperty("runs").GetInt32());
        Assert.Equal(runs, root.GetProperty("runs").GetInt32());
        Assert.True(steps[0].GetProperty("runs").GetInt32() > 1);
        Assert.Equal(steps[0].GetProperty("runs").GetInt32() + 1, steps[1].GetProperty("firstRun").GetInt32());
        var traced = root.GetProperty("run");
        Assert.Equal(3, traced.GetProperty("number").GetInt32());
        Assert.Equal("add", traced.GetProperty("operation").GetString());
        Assert.Equal(traced.GetProperty("steps").GetInt32(), traced.GetProperty("bits").GetArrayLength());
        Assert.True(root.GetProperty("guarantee").GetProperty("guaranteed").GetBoolean());
        Assert.Contains("long multiplication and long division are property-tested", root.GetProperty("guarantee").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TraceListsTheRunsOfEachOperationAndTraceRunShowsOne()
    {
        var run = CliRun.Of("calc", "1000 * 999 - 1", "--trace", "--trace-run", "2");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("network runs", run.Output, StringComparison.Ordinal);
        Assert.Contains("1000 * 999 = 999000", run.Output, StringComparison.Ordinal);
        Assert.Contains("run 2: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("999000 - 1 = 998999", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("998999", run.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void ATraceRunPastTheLastRunExitsTwo()
    {
        var run = CliRun.Of("calc", "1+1", "--trace-run", "2");
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("rnncalc: error: --trace-run 2: the calculation took 1 network run", run.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void TheHiddenColumnNamesItsUnits()
    {
        Assert.Equal("h1   h5   h9   h13 ", CalcCommand.HiddenHeader(16));
        Assert.Equal("h1   h5", CalcCommand.HiddenHeader(6));
        var picture = CalcCommand.HiddenPicture([0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        // h3 is the third shade, h5 the first of the second group, under their labels.
        Assert.Equal("  █ ┊█   ┊    ┊    ", picture);
        Assert.Equal(CalcCommand.HiddenHeader(16).Length, picture.Length);
        var run = CliRun.Of("calc", "200 - 57", "--trace");
        Assert.Contains("h1   h5   h9   h13", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoExpressionEachLineOfStdinIsOneCalculation()
    {
        var run = CliRun.WithInput("12 * 12\n\n200 - 57\n5 / 0\n_ + 1\n2 ** 3\n7 % 4\n", "calc");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["144", "143", "144", "3"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("error", StringComparison.Ordinal)).ToList();
        Assert.Equal(["rnncalc: error: line 4: division by zero: the divisor at position 5 is 0", "rnncalc: error: line 6: unexpected '**' at position 3; there is no power operator"], errors);
    }

    [Fact]
    public void StdinLinesAsJsonAreOneObjectEach()
    {
        var run = CliRun.WithInput("1 + 1\n3 * 3\n", "calc", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["2", "9"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("result").GetString()));
    }

    [Fact]
    public void AnEmptyStdinIsNoCalculation()
    {
        var run = CliRun.WithInput(string.Empty, "calc");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void JsonHasTheDocumentedShapeWithIntegersAsStrings()
    {
        var run = CliRun.Of("calc", "-5 - 7 + 1000", "--format", "json", "--trace");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var root = doc.RootElement;
        Assert.Equal("-5 - 7 + 1000", root.GetProperty("expression").GetString());
        Assert.Equal("988", root.GetProperty("result").GetString());
        Assert.Equal("988", root.GetProperty("exact").GetString());
        Assert.True(root.GetProperty("correct").GetBoolean());
        var steps = root.GetProperty("steps");
        Assert.Equal(2, steps.GetArrayLength());
        Assert.Equal("-12", steps[0].GetProperty("result").GetString());
        Assert.Equal(steps[0].GetProperty("width").GetInt32(), steps[0].GetProperty("bits").GetArrayLength());
        Assert.Equal(16, steps[0].GetProperty("bits")[0].GetProperty("hidden").GetArrayLength());
    }

    [Fact]
    public void TraceShowsATablePerOperation()
    {
        var run = CliRun.Of("calc", "200 - 57", "--trace");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("200 - 57 = 143", run.Output, StringComparison.Ordinal);
        Assert.Contains("borrow", run.Output, StringComparison.Ordinal);
        Assert.Contains("p(1)", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("143", run.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongAnswerIsStillPrintedMarkedWrongAndExitsOne()
    {
        using var dir = new TempDirectory();
        var model = DefaultModels.Subtract;
        var broken = model.Network.Clone();
        broken.Output.Clear();
        var path = dir.File("broken.json");
        ModelFile.Save(path, model with { Network = broken });
        var run = CliRun.Of("calc", "--model", path, "200 - 57");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("wrong: the exact answer is 143", run.Output, StringComparison.Ordinal);
        Assert.Equal("rnncalc: not guaranteed: the subtract network is not proven by verify", run.Error.Trim()[..69]);
    }

    [Fact]
    public void ABrokenAddNetworkMakesAProductWrongAndCalcSaysSo()
    {
        using var dir = new TempDirectory();
        var model = DefaultModels.Add;
        var path = dir.File("broken-add.json");
        ModelFile.Save(path, model with { Network = DefaultModels.Flipped(model.Network) });
        var run = CliRun.Of("calc", "--model", path, "12345", "*", "6789");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("(wrong: the exact answer is 83810205)", run.Output, StringComparison.Ordinal);
        Assert.Contains("not guaranteed: the add network is not proven", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelForOneOperationIsCompletedWithTheOtherDefault()
    {
        using var dir = new TempDirectory();
        var path = dir.File("add.json");
        ModelFile.Save(path, DefaultModels.Add);
        var run = CliRun.Of("calc", "87 + 45 - 3", "--model", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("129", run.Output.Trim());
        Assert.Contains("rnncalc: no --model for subtract: using the default subtract network", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5 -")]
    [InlineData("2 ** 3")]
    [InlineData("1e9")]
    [InlineData("12abc")]
    [InlineData("")]
    public void MalformedExpressionsExitTwoWithOneLine(string expression)
    {
        var run = CliRun.Of("calc", expression);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rnncalc: error: ", run.ErrorLine, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void OperandsWiderThanMaxBitsExitTwo()
    {
        var run = CliRun.Of("calc", "--max-bits", "8", "1000 - 1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("more than --max-bits 8", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingModelFileExitsTwo()
    {
        var run = CliRun.Of("calc", "--model", "/nonexistent/model.json", "1 - 1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.ErrorLine, StringComparison.Ordinal);
    }
}
