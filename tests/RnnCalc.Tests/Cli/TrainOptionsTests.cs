using System.Text.Json;
using RnnCalc.Persistence;

namespace RnnCalc.Tests.Cli;

public class TrainOptionsTests
{
    [Fact]
    public void UntilSolvedReportsWhenInTheJsonSummary()
    {
        var run = CliRun.Of("train", "--until-solved", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var summary = JsonDocument.Parse(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var solvedAt = summary.RootElement.GetProperty("solvedAt").GetInt64();
        Assert.InRange(solvedAt, 1, 10_000);
        Assert.Equal(solvedAt, summary.RootElement.GetProperty("updates").GetInt64());
        Assert.Equal(solvedAt, summary.RootElement.GetProperty("sequencesSeen").GetInt64());
    }

    [Fact]
    public void NotSolvedWithinTheCapIsSaid()
    {
        var run = CliRun.Of("train", "--until-solved", "--iterations", "300");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Not solved within the cap of 300 updates", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DivergenceExitsOneAndSavesTheLastGoodModel()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.json");
        var run = CliRun.Of("train", "--learning-rate", "1e300", "--save", path, "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("training diverged at update 1", run.ErrorLine, StringComparison.Ordinal);
        Assert.True(ModelFile.Load(path).Network.IsFinite());
    }

    [Fact]
    public void ResumeFromTheCliEqualsAnUninterruptedRun()
    {
        using var dir = new TempDirectory();
        string[] settings = ["--optimizer", "momentum", "--learning-rate", "0.2", "--batch", "2", "--format", "json"];
        Assert.Equal(0, CliRun.Of(["train", .. settings, "--iterations", "900", "--save", dir.File("full.json")]).ExitCode);
        Assert.Equal(0, CliRun.Of(["train", .. settings, "--iterations", "333", "--checkpoint", dir.File("ck.json"), "--checkpoint-every", "100"]).ExitCode);
        var resumed = CliRun.Of("train", "--resume", dir.File("ck.json"), "--iterations", "900", "--save", dir.File("resumed.json"), "--format", "json");
        Assert.Equal(0, resumed.ExitCode);
        var a = ModelFile.Load(dir.File("full.json"));
        var b = ModelFile.Load(dir.File("resumed.json"));
        Assert.Equal(a.Network.Recurrent, b.Network.Recurrent);
        Assert.Equal(a.Config, b.Config);
    }

    [Fact]
    public void ResumeRefusesOtherTrainingSettings()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRun.Of("train", "--iterations", "10", "--checkpoint", dir.File("ck.json"), "--format", "json").ExitCode);
        var run = CliRun.Of("train", "--resume", dir.File("ck.json"), "--hidden", "8");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("drop --hidden", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySettingIsRecordedInTheModelFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.json");
        var run = CliRun.Of("train", "--optimizer", "adam", "--learning-rate", "0.01", "--batch", "3", "--clip", "2.5", "--init-scale", "0.1", "--initial-hidden", "0.2", "--op", "add", "--bits", "5", "--range", "full", "--iterations", "20", "--check-every", "10", "--save", path, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var config = ModelFile.Load(path).Config;
        Assert.Equal(RnnCalc.Training.OptimizerKind.Adam, config.Optimizer);
        Assert.Equal(3, config.Batch);
        Assert.Equal(2.5, config.Clip);
        Assert.Equal(0.1, config.InitScale);
        Assert.Equal(0.2, config.InitialHidden);
        Assert.Equal("add", config.Operation.Name);
        Assert.Equal(5, config.Bits);
        Assert.Equal(RnnCalc.Arithmetic.TrainingRange.Full, config.Range);
        Assert.Equal(10, config.CheckEvery);
    }

    [Fact]
    public void LongRunsPrintABoundedNumberOfProgressLinesUnlessAsked()
    {
        var run = CliRun.Of("train", "--iterations", "200000", "--format", "json", "--hidden", "2");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 40, 52);
        var asked = CliRun.Of("train", "--iterations", "20000", "--format", "json", "--hidden", "2", "--print-every", "100");
        Assert.Equal(201, asked.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void PlotSavesTheTrainingCurveAsAPicture()
    {
        using var dir = new TempDirectory();
        var run = CliRun.Of("train", "--iterations", "600", "--check-every", "200", "--plot", dir.File("curve.png"), "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var png = File.ReadAllBytes(dir.File("curve.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var refused = CliRun.Of("train", "--iterations", "10", "--plot", dir.File("curve.gif"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("must end in .png or .svg", refused.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void UntilProvenStopsWhenVerifyProvesTheNetwork()
    {
        var run = CliRun.Of("train", "--until-proven", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var summary = JsonDocument.Parse(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var provenAt = summary.RootElement.GetProperty("provenAt").GetInt64();
        Assert.Equal(provenAt, summary.RootElement.GetProperty("updates").GetInt64());
        Assert.True(provenAt >= summary.RootElement.GetProperty("solvedAt").GetInt64());
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("lstm")]
    public void FastTrainingSolvesAndSaysSoInTheModelFile(string cell)
    {
        using var dir = new TempDirectory();
        var run = CliRun.Of("train", "--cell", cell, "--fast", "--until-solved", "--save", dir.File("fast.json"), "--history", dir.File("h.csv"), "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var model = ModelFile.Load(dir.File("fast.json"));
        Assert.True(model.Config.Fast);
        Assert.Equal(cell, model.Config.Cell.Name);
        Assert.NotNull(model.Training.SolvedAt);
        Assert.True(RnnCalc.Evaluation.Evaluator.Exhaustive(model.Network, model.Config.Problems).AllCorrect);
        var rows = RnnCalc.Training.TrainingHistory.ParseCsv(File.ReadAllText(dir.File("h.csv")));
        Assert.Equal(model.Training.Updates, rows.Count);
        Assert.Equal(1.0, rows[^1].Accuracy);
    }

    [Fact]
    public void FastRefusesWhatItCannotDoRatherThanIgnoringIt()
    {
        var run = CliRun.Of("train", "--fast", "--optimizer", "adam", "--format", "reference");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--fast trains every cell, but not with --batch, --clip, --until-proven, --checkpoint, --resume or --format reference, and the sigmoid cell with sgd only: drop --format reference", run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("--optimizer", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void FastTrainsAGatedCellWithAdamButNotInBatches()
    {
        var run = CliRun.Of("train", "--cell", "gru", "--fast", "--optimizer", "adam", "--batch", "4", "--clip", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("drop --batch, --clip", run.ErrorLine, StringComparison.Ordinal);
    }
}
