using System.Globalization;
using System.Text.Json;
using RnnCalc.Persistence;

namespace RnnCalc.Tests.Cli;

public class TrainCommandTests
{
    public static TheoryData<string> Runs => [.. ReferenceRun.Names];

    private static string WithoutBlankLines(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Where(l => l.Length > 0));

    [Fact]
    public void ReferenceFormatReproducesThePublishedRun()
    {
        var run = CliRun.Of("train", "--format", "reference");
        Assert.Equal(0, run.ExitCode);
        var published = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tutorial-published-run.txt"));
        Assert.Equal(WithoutBlankLines(published), WithoutBlankLines(run.Output));
        Assert.Equal(string.Empty, run.Error);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void ReferenceFormatEqualsTheNumpyScriptsOutput(string name)
    {
        var reference = ReferenceRun.Load(name);
        var run = CliRun.Of(
            "train", "--format", "reference",
            "--seed", reference.Seed.ToString(CultureInfo.InvariantCulture),
            "--hidden", reference.Hidden.ToString(CultureInfo.InvariantCulture),
            "--iterations", reference.Iterations.ToString(CultureInfo.InvariantCulture),
            "--learning-rate", reference.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            "--print-every", reference.PrintEvery.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(WithoutBlankLines(reference.PrintedOutput), WithoutBlankLines(run.Output));
    }

    [Fact]
    public void JsonFormatPrintsOneObjectPerProgressLineThenASummary()
    {
        var run = CliRun.Of("train", "--format", "json", "--iterations", "1000", "--print-every", "250");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("progress", first.RootElement.GetProperty("type").GetString());
        Assert.Equal("60", first.RootElement.GetProperty("a").GetString());
        Assert.Equal("9", first.RootElement.GetProperty("b").GetString());
        Assert.Equal("00110011", first.RootElement.GetProperty("exact").GetString());
        Assert.Equal(3.99972855, first.RootElement.GetProperty("error").GetDouble(), 8);
        using var last = JsonDocument.Parse(lines[^1]);
        Assert.Equal("summary", last.RootElement.GetProperty("type").GetString());
        Assert.Equal(1000, last.RootElement.GetProperty("updates").GetInt64());
    }

    [Fact]
    public void PrettyFormatWhenRedirectedPrintsPlainLines()
    {
        var run = CliRun.Of("train", "--iterations", "1601");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("60 - 9 = 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("17 - 0 = 0", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal);
        Assert.Equal(3, run.Output.Split('\n').Count(l => l.StartsWith("update", StringComparison.Ordinal)));
    }

    [Fact]
    public void SaveWritesAModelThatLoadsWithTheSettingsThatMadeIt()
    {
        var dir = Directory.CreateTempSubdirectory("rnncalc-cli-");
        try
        {
            var path = Path.Combine(dir.FullName, "m.json");
            var run = CliRun.Of("train", "--iterations", "500", "--hidden", "4", "--seed", "9", "--save", path, "--format", "json");
            Assert.Equal(0, run.ExitCode);
            var model = ModelFile.Load(path);
            Assert.Equal(4, model.Config.Hidden);
            Assert.Equal(9u, model.Config.Seed);
            Assert.Equal(500, model.Training.Updates);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--hidden 0", "--hidden must be from 1 to 4096 (got 0)")]
    [InlineData("--hidden 100000", "--hidden must be from 1 to 4096")]
    [InlineData("--iterations -5", "--iterations must be from 0")]
    [InlineData("--learning-rate NaN", "--learning-rate must be a number above 0")]
    [InlineData("--format xml", "--format must be one of: pretty, reference, json")]
    [InlineData("--hiden 4", "Did you mean '--hidden'?")]
    [InlineData("--seed -1", "--seed must be from 0 to 4294967295")]
    [InlineData("--seed abc", "abc")]
    public void BadOptionsGiveOneLineAndExitCode2(string options, string expected)
    {
        var run = CliRun.Of(["train", .. options.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorLine, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void UnknownCommandSuggestsTheClosestOne()
    {
        var run = CliRun.Of("trian");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Did you mean 'train'?", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void SavingIntoAMissingDirectoryFailsBeforeTraining()
    {
        var run = CliRun.Of("train", "--save", Path.Combine(Path.GetTempPath(), "no-such-dir-rnncalc", "m.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.ErrorLine, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void HelpNamesTheToolRnncalc()
    {
        var run = CliRun.Of("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("rnncalc [command] [options]", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RnnCalc.Cli", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var run = CliRun.Of("train", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "--seed", "--hidden", "--iterations", "--learning-rate", "--print-every", "--save", "--format" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }
}
