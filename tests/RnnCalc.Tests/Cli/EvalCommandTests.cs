using System.Text.Json;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
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

    [Fact]
    public void AFailureShowsWhatTheNetworkSaidBesideTheExactResult()
    {
        using var dir = new TempDirectory();
        var path = dir.File("weak.json");
        ModelFile.Save(path, new Trainer(TrainingConfig.Tutorial with { Iterations = 30, Bits = 4 }).Run());

        var json = CliRun.Of("eval", "--model", path, "--samples", "0", "--format", "json");
        Assert.Equal(1, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Output);
        var failures = doc.RootElement.GetProperty("exhaustive").GetProperty("firstFailures").EnumerateArray().ToList();
        Assert.NotEmpty(failures);
        var network = ModelFile.Load(path);
        foreach (var f in failures)
        {
            long a = f.GetProperty("a").GetInt64(), b = f.GetProperty("b").GetInt64();
            var exact = f.GetProperty("exact").GetInt64();
            Assert.Equal(a - b, exact);
            Assert.NotEqual(exact, f.GetProperty("network").GetInt64());
            Assert.Equal(Evaluator.Answer(network.Network, network.Config.Problems, network.Config.Problems.Make(a, b)), f.GetProperty("network").GetInt64());
        }
        var first = failures[0];
        var pretty = CliRun.Of("eval", "--model", path, "--samples", "0");
        Assert.Contains($"wrong: {first.GetProperty("a")} - {first.GetProperty("b")}: network {first.GetProperty("network")}, exact {first.GetProperty("exact")}", pretty.Output, StringComparison.Ordinal);
        Assert.Contains("Length generalisation: not measured (--samples 0).", pretty.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("100.00%", pretty.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TutorialRangeAdditionSaysOnlyTheLowBitsWereLearned()
    {
        var run = CliRun.Of("eval", "--op", "add", "--samples", "0");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("only the low 8 bits of each sum are trained and checked", run.Output, StringComparison.Ordinal);
        var json = CliRun.Of("eval", "--op", "add", "--samples", "0", "--format", "json");
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(256, doc.RootElement.GetProperty("modulo").GetInt64());
        using var subtract = JsonDocument.Parse(CliRun.Of("eval", "--samples", "0", "--format", "json").Output);
        Assert.Equal(JsonValueKind.Null, subtract.RootElement.GetProperty("modulo").ValueKind);
    }
}
