using System.Text.RegularExpressions;
using RnnCalc.Cli;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;

namespace RnnCalc.Tests.Cli;

/// <summary>What a newcomer reads: help, versions, errors and rows say things in the user's terms, one way each.</summary>
public sealed partial class CliWordingTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("calc")]
    [InlineData("verify")]
    [InlineData("sweep")]
    [InlineData("bench")]
    public void HelpShowsDefaultsAsTheyAreTyped(string command)
    {
        var help = CliRun.Of(command, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("(default: pretty)", help.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\[default: [A-Z]", help.Output);
    }

    [Fact]
    public void SweepHelpSaysOnceThatParallelDefaultsToAllCores()
    {
        var line = CliRun.Of("sweep", "--help").Output.Split('\n').Single(l => l.Contains("--parallel", StringComparison.Ordinal));
        Assert.Contains("(default: all cores)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("[default:", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownChoiceNamesTheChoicesOnOneLineWithoutTabs()
    {
        var run = CliRun.Of("train", "--op", "mul");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("rnncalc: error: --op must be one of: subtract, add (got 'mul')", run.ErrorLine);
        Assert.Contains("Did you mean 'add'?", CliRun.Of("eval", "--op", "ad").ErrorLine, StringComparison.Ordinal);
        Assert.DoesNotContain('\t', run.Error);
    }

    [Fact]
    public void VersionIsTheVersionAndTheShortCommit()
    {
        Assert.Equal("0.1.0 (2c86cfb)", VersionAction.Text("0.1.0+2c86cfb5b988da81417bd62194420b667427bcf9"));
        Assert.Equal("0.1.0", VersionAction.Text("0.1.0"));
        var run = CliRun.Of("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[\w.]+)?( \([0-9a-f]{1,7}\))?\n$", run.Output);
    }

    [Fact]
    public void JsonOnStdoutWritesPlusAsItself()
    {
        var run = CliRun.Of("calc", "99 + 1", "--format", "json");
        Assert.Contains("\"expression\":\"99 + 1\"", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingNoUpdatesSaysSoInsteadOfNaN()
    {
        var run = CliRun.Of("train", "--iterations", "0");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no update was made, so the network keeps its initial weights", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryAsAModelIsSaidToBeADirectory()
    {
        using var dir = new TempDirectory();
        foreach (var command in new[] { "eval", "verify", "calc" })
        {
            string[] args = command == "calc" ? [command, "1 - 1", "--model", dir.Path] : [command, "--model", dir.Path];
            var run = CliRun.Of(args);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"--model '{dir.Path}' is a directory; give a model file", run.ErrorLine, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnUnwritableFolderIsNamedNotTheProbeFile()
    {
        var run = CliRun.Of("train", "--save", "/proc/m.json", "--iterations", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("rnncalc: error: cannot write '/proc/m.json': files cannot be created in '/proc'", run.ErrorLine);
    }

    [Fact]
    public void AFailedWriteNeverNamesTheTemporaryFile()
    {
        const string Temporary = "/data/.m.json.42.abc.tmp";
        Assert.Equal(
            "cannot write 'm.json': files cannot be created in '/data' (Read-only file system)",
            OutputFileException.CannotCreateIn("m.json", "/data", Temporary, new IOException($"Read-only file system : '{Temporary}'")).Message);
        Assert.Equal(
            "cannot write 'm.json': permission denied: files cannot be created in '/data'",
            OutputFileException.CannotCreateIn("m.json", "/data", Temporary, new UnauthorizedAccessException($"Access to the path '{Temporary}' is denied.")).Message);
    }

    [Fact]
    public void PlainTrainingRowsLineUpAndSayOkOrWrong()
    {
        var rows = CliRun.Of("train").Output.Split('\n').Where(l => l.StartsWith("update", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => r.Contains("230 - 102 = 128", StringComparison.Ordinal));
        Assert.Single(rows.Select(r => r.IndexOf(" predicted ", StringComparison.Ordinal)).Distinct());
        Assert.All(rows, r => Assert.Matches(@"  (ok|wrong)$", r));
    }

    [Fact]
    public void TheTrainingTableOnATerminalSaysOkOrWrongAsTheRowsDo()
    {
        using var output = new StringWriter();
        var exit = CliApp.Run(["train", "--iterations", "1600"], new Terminal(output, TextWriter.Null, interactive: true, noColor: true));
        Assert.Equal(0, exit);
        var cells = TableRow().Matches(output.ToString()).Select(m => m.Groups[1].Value).ToList();
        // The header's "ok", then the rows of updates 0 and 800.
        Assert.Equal(3, cells.Count);
        Assert.All(cells, cell => Assert.Contains(cell, new[] { "ok", "wrong" }));
    }

    /// <summary>The last cell of a table row: "│ … │ wrong │".</summary>
    [GeneratedRegex(@"│\s*(\S+)\s*│\s*$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
