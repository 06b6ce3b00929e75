using System.Text.Json;
using RnnCalc.Persistence;
using RnnCalc.Training;

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
        Assert.Contains("training the default", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
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
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void AModelForAnotherOperationIsRefused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("sub.json");
        ModelFile.Save(path, new Trainer(TrainingConfig.Tutorial with { Iterations = 10 }).Run());
        var run = CliRun.Of("calc", "--model", path, "1 + 2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs add, but the --model given is trained for subtract", run.ErrorLine, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Theory]
    [InlineData("5 -")]
    [InlineData("--3")]
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
