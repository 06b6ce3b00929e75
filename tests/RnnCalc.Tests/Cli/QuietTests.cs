using System.Text.RegularExpressions;
using RnnCalc.Cli.Console;
using Spectre.Console;

namespace RnnCalc.Tests.Cli;

/// <summary><c>--quiet</c> for scripts: no progress and no notes, the same result lines, errors and exit codes.</summary>
public class QuietTests
{
    [Fact]
    public void QuietTrainPrintsTheSummaryButNoProgressRows()
    {
        var loud = CliRun.Of("train", "--iterations", "1600");
        var quiet = CliRun.Of("train", "--iterations", "1600", "--quiet");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Contains(Lines(loud.Output), line => line.StartsWith("update ", StringComparison.Ordinal));
        var only = Assert.Single(Lines(quiet.Output));
        Assert.StartsWith("Trained 1,600 updates", only, StringComparison.Ordinal);
        // The same summary as without --quiet, but for the measured rate.
        Assert.Equal(WithoutRate(Lines(loud.Output)[^1]), WithoutRate(only));
        Assert.Empty(quiet.Error);
    }

    [Fact]
    public void QuietJsonKeepsTheSummaryLineAndDropsTheProgressLines()
    {
        var loud = CliRun.Of("train", "--iterations", "1600", "--format", "json");
        var quiet = CliRun.Of("train", "--iterations", "1600", "--format", "json", "-q");
        Assert.Contains(Lines(loud.Output), line => line.Contains("\"type\":\"progress\"", StringComparison.Ordinal));
        Assert.Contains("\"type\":\"summary\"", Assert.Single(Lines(quiet.Output)), StringComparison.Ordinal);
    }

    [Fact]
    public void QuietDropsTheNoteButKeepsTheSameResult()
    {
        using var dir = new TempDirectory();
        var checkpoint = dir.File("ck.json");
        Assert.Equal(0, CliRun.Of("train", "--iterations", "50", "--checkpoint", checkpoint, "--format", "json").ExitCode);
        var loud = CliRun.Of("train", "--resume", checkpoint);
        var quiet = CliRun.Of("train", "--resume", checkpoint, "--quiet");
        Assert.Contains("already finished", loud.Error, StringComparison.Ordinal);
        Assert.Empty(quiet.Error);
        Assert.Equal(loud.ExitCode, quiet.ExitCode);
        Assert.Equal(loud.Output, quiet.Output);
        Assert.StartsWith("Trained 50 updates", quiet.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void QuietWithTheTutorialsPrintoutIsRefused()
    {
        var run = CliRun.Of("train", "--quiet", "--format", "reference");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--quiet would drop the tutorial's printout", run.ErrorLine, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void AQuietTerminalRunsTheWorkAndWritesNoNotes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var quiet = new Terminal(output, error, interactive: false, noColor: true).Quieted(true);
        var result = ProgressDisplay.Run(quiet, "Training", 10, "updates", tick =>
        {
            tick(5);
            tick(10);
            return 42;
        });
        quiet.Note("a note");
        Assert.Equal(42, result);
        Assert.Empty(output.ToString());
        Assert.Empty(error.ToString());

        new Terminal(output, error, interactive: false, noColor: true).Note("a note");
        Assert.Equal("rnncalc: a note\n", error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void QuietKeepsNoColor()
    {
        var quiet = new Terminal(TextWriter.Null, TextWriter.Null, interactive: true, noColor: true).Quieted(true);
        Assert.Equal(ColorSystem.NoColors, quiet.Ansi.Profile.Capabilities.ColorSystem);
    }

    private static string WithoutRate(string line) => Regex.Replace(line, @"[\d,]+ updates/s", "N updates/s");

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
