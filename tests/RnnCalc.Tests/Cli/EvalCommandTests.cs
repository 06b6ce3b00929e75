using System.Text.Json;
using RnnCalc.Arithmetic;
using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Tests.Cli;

public class EvalCommandTests
{
    [Fact]
    public void DefaultModelIsPerfectExhaustivelyAndAtEveryWidth()
    {
        var run = CliRun.Of("eval", "--format", "json", "--samples", "50");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var exhaustive = doc.RootElement.GetProperty("exhaustive");
        Assert.Equal(32_896, exhaustive.GetProperty("pairs").GetInt64());
        Assert.Equal(32_896, exhaustive.GetProperty("correct").GetInt64());
        Assert.Equal(1.0, exhaustive.GetProperty("accuracy").GetDouble());
        var widths = doc.RootElement.GetProperty("generalization").EnumerateArray().Select(g => g.GetProperty("bits").GetInt32());
        Assert.Equal([16, 32, 64, 128, 1024], widths);
        Assert.All(doc.RootElement.GetProperty("generalization").EnumerateArray(), g => Assert.Equal(50, g.GetProperty("correct").GetInt32()));
    }

    [Fact]
    public void AnUndertrainedFullRangeModelShowsItsFailuresAndExitsOne()
    {
        using var dir = new TempDirectory();
        var path = dir.File("weak.json");
        ModelFile.Save(path, new Trainer(TrainingConfig.Tutorial with { Iterations = 50, Bits = 4, Range = TrainingRange.Full, Operation = Operation.Add }).Run());
        var run = CliRun.Of("eval", "--model", path, "--samples", "20");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("all a, b < 2^4", run.Output, StringComparison.Ordinal);
        Assert.Contains("wrong:", run.Output, StringComparison.Ordinal);
        Assert.Contains("length generalisation", run.Output, StringComparison.Ordinal);
    }
}
