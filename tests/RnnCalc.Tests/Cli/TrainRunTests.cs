using System.Text.Json;

namespace RnnCalc.Tests.Cli;

/// <summary>What a newcomer hit with train (issue 18): silent overwrites, finished resumes, collapse, update numbers.</summary>
public class TrainRunTests
{
    [Theory]
    [InlineData("--save", "--checkpoint")]
    [InlineData("--history", "--save")]
    public void TwoOutputsNamingOneFileAreRefused(string first, string second)
    {
        using var dir = new TempDirectory();
        var path = dir.File("same.json");
        var run = CliRun.Of("train", "--iterations", "10", first, path, second, path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("name the same file", run.ErrorLine, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ResumingAFinishedRunSaysSoInOneLine()
    {
        using var dir = new TempDirectory();
        var checkpoint = dir.File("ck.json");
        Assert.Equal(0, CliRun.Of("train", "--iterations", "50", "--checkpoint", checkpoint, "--format", "json").ExitCode);
        var again = CliRun.Of("train", "--resume", checkpoint, "--format", "json");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already finished (50 of 50 updates)", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeLearningRateIsCalledACollapseAndExitsOne()
    {
        using var dir = new TempDirectory();
        var model = dir.File("m.json");
        var run = CliRun.Of("train", "--learning-rate", "1000", "--iterations", "20000", "--save", model, "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("training collapsed", run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("\"collapsed\":true", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
        // A healthy run is never called collapsed.
        var healthy = CliRun.Of("train", "--format", "json");
        Assert.Equal(0, healthy.ExitCode);
        Assert.Contains("\"collapsed\":false", healthy.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConsoleTheJsonLinesAndTheHistoryCountUpdatesTheSameWay()
    {
        using var dir = new TempDirectory();
        var history = dir.File("h.csv");
        var json = CliRun.Of("train", "--iterations", "1600", "--history", history, "--format", "json");
        Assert.Equal(0, json.ExitCode);
        var plain = CliRun.Of("train", "--iterations", "1600");
        var progress = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "progress")
            .ToList();
        // The tutorial's printouts (its j = 0 and 800) are updates 1 and 801: the number of updates made.
        Assert.Equal([1L, 801L], progress.Select(p => p.GetProperty("update").GetInt64()));
        Assert.StartsWith("update         1  error", plain.Output, StringComparison.Ordinal);
        Assert.Contains("update       801  error", plain.Output, StringComparison.Ordinal);
        var rows = File.ReadAllLines(history).Skip(1).Select(l => l.Split(',')).ToList();
        var row801 = rows.First(r => r[0] == "801");
        Assert.Equal(progress[1].GetProperty("error").GetDouble(), double.Parse(row801[1], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Contains("updates/s in the training loop", plain.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void FastTrainingPrintsItsProgressRowsToo()
    {
        var run = CliRun.Of("train", "--fast", "--iterations", "1000");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("update         1  error", run.Output, StringComparison.Ordinal);
        Assert.Contains("update       801  error", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ACheckpointKeepsItsHistoryBesideItAndAResumedHistoryEqualsAnUninterruptedOne()
    {
        using var dir = new TempDirectory();
        var checkpoint = dir.File("ck.json");
        var whole = dir.File("whole.csv");
        var resumed = dir.File("resumed.csv");
        Assert.Equal(0, CliRun.Of("train", "--iterations", "3000", "--history", whole, "--format", "json").ExitCode);
        Assert.Equal(0, CliRun.Of("train", "--iterations", "1700", "--checkpoint", checkpoint, "--checkpoint-every", "500", "--history", dir.File("first.csv"), "--format", "json").ExitCode);
        // The checkpoint holds the state, not the rows: they are in one side file beside it (older ones removed).
        var text = File.ReadAllText(checkpoint);
        Assert.DoesNotContain("\"rows\":[", text, StringComparison.Ordinal);
        Assert.Contains("\"rows\":1700", text, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir.Path, "ck.json.history-*.csv"));
        Assert.Equal(0, CliRun.Of("train", "--resume", checkpoint, "--iterations", "3000", "--history", resumed, "--format", "json").ExitCode);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(resumed));
    }

    [Fact]
    public void ResumingFromADirectorySaysWhatWasWrong()
    {
        using var dir = new TempDirectory();
        var run = CliRun.Of("train", "--resume", dir.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a directory; give the checkpoint file", run.ErrorLine, StringComparison.Ordinal);
    }
}
