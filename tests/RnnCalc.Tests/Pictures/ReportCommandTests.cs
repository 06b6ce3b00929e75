using RnnCalc.Persistence;
using RnnCalc.Pictures;
using RnnCalc.Tests.Cli;

namespace RnnCalc.Tests.Pictures;

public class ReportCommandTests
{
    private static (TempDirectory Dir, string Model, string History) SmallModelFiles()
    {
        var dir = new TempDirectory();
        ModelFile.Save(dir.File("model.json"), SmallModel.Model);
        File.WriteAllText(dir.File("history.csv"), SmallModel.History.ToCsv());
        return (dir, dir.File("model.json"), dir.File("history.csv"));
    }

    [Fact]
    public void AModelWithItsHistoryGivesEveryPictureAndThePage()
    {
        var (dir, model, history) = SmallModelFiles();
        using (dir)
        {
            var run = CliRun.Of("report", "--model", model, "--history", history, "--example", "9 - 3", "--samples", "20", "--out", dir.File("report"));
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(string.Empty, run.Error);
            string[] names = ["training-curve", "weights-input", "weights-recurrent", "weights-output", "hidden-states", "length-generalisation"];
            foreach (var name in names)
            {
                PngHeader.Read(File.ReadAllBytes(Path.Combine(dir.File("report"), name + ".png")));
                Assert.True(File.Exists(Path.Combine(dir.File("report"), name + ".svg")));
            }
            var page = File.ReadAllText(Path.Combine(dir.File("report"), "index.html"));
            Assert.Contains("Example: 9 - 3 = ", page, StringComparison.Ordinal);
            Assert.Contains("model.json", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AUsersOwnFileInTheOutputDirectoryIsRefusedUnlessForced()
    {
        var (dir, model, _) = SmallModelFiles();
        using (dir)
        {
            var output = dir.File("report");
            Directory.CreateDirectory(output);
            File.WriteAllText(Path.Combine(output, "index.html"), "my own page");
            string[] args = ["report", "--model", model, "--samples", "0", "--out", output];

            var refused = CliRun.Of(args);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("already has index.html, which rnncalc did not write", refused.ErrorLine, StringComparison.Ordinal);
            Assert.Contains("--force", refused.ErrorLine, StringComparison.Ordinal);
            Assert.Equal("my own page", File.ReadAllText(Path.Combine(output, "index.html")));
            Assert.Equal(["index.html"], Directory.GetFiles(output).Select(Path.GetFileName));

            Assert.Equal(0, CliRun.Of([.. args, "--force"]).ExitCode);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(output, "index.html")), StringComparison.Ordinal);
            // Its own files, listed in the manifest, are overwritten without --force; a new file of the user's is not.
            Assert.Equal(0, CliRun.Of(args).ExitCode);
            File.Delete(Path.Combine(output, ReportManifest.FileName));
            var unlisted = CliRun.Of(args);
            Assert.Equal(2, unlisted.ExitCode);
            Assert.Contains("already has ", unlisted.ErrorLine, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AFileNamedLikeTheManifestThatIsNotOneMakesNothingOurs()
    {
        var (dir, model, _) = SmallModelFiles();
        using (dir)
        {
            var output = dir.File("report");
            Directory.CreateDirectory(output);
            File.WriteAllText(Path.Combine(output, ReportManifest.FileName), "index.html\n");
            File.WriteAllText(Path.Combine(output, "index.html"), "my own page");
            var run = CliRun.Of("report", "--model", model, "--samples", "0", "--out", output);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"already has {ReportManifest.FileName}", run.ErrorLine, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheCurveOfTheCommandIsTheHistoryFile()
    {
        var (dir, model, history) = SmallModelFiles();
        using (dir)
        {
            Assert.Equal(0, CliRun.Of("report", "--model", model, "--history", history, "--samples", "0", "--out", dir.File("report")).ExitCode);
            var fromFile = new TrainingCurve(RnnCalc.Training.TrainingHistory.ParseCsv(File.ReadAllText(history)));
            Assert.Equal(FigureFile.Png(fromFile), File.ReadAllBytes(Path.Combine(dir.File("report"), "training-curve.png")));
        }
    }

    [Theory]
    [InlineData("--example", "1 - 2 - 3", "--example is one + or - on two integers")]
    [InlineData("--example", "9 + 3", "trained to subtract, but this needs add")]
    [InlineData("--example", "9 x 3", "--example: unexpected 'x'")]
    [InlineData("--example", "18446744073709551616000 - 1", "the picture shows at most 64 bits")]
    public void BadExamplesAreRefusedBeforeAnythingIsWritten(string option, string value, string message)
    {
        var (dir, model, _) = SmallModelFiles();
        using (dir)
        {
            var run = CliRun.Of("report", "--model", model, option, value, "--out", dir.File("report"));
            Assert.Equal(2, run.ExitCode);
            Assert.Contains(message, run.ErrorLine, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir.File("report"), "index.html")));
        }
    }

    [Fact]
    public void OutIsRequired()
    {
        var run = CliRun.Of("report");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryWithoutModelIsRefused()
    {
        using var dir = new TempDirectory();
        var run = CliRun.Of("report", "--history", dir.File("h.csv"), "--out", dir.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--history goes with --model", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableHistoryIsOneClearLine()
    {
        var (dir, model, _) = SmallModelFiles();
        using (dir)
        {
            File.WriteAllText(dir.File("bad.csv"), "update,error\n1,2\n");
            var bad = CliRun.Of("report", "--model", model, "--history", dir.File("bad.csv"), "--out", dir.File("report"));
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("history file", bad.ErrorLine, StringComparison.Ordinal);
            var missing = CliRun.Of("report", "--model", model, "--history", dir.File("missing.csv"), "--out", dir.File("report"));
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("does not exist", missing.ErrorLine, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OutMustNotBeAFile()
    {
        var (dir, model, _) = SmallModelFiles();
        using (dir)
        {
            var run = CliRun.Of("report", "--model", model, "--out", model);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("it is a file", run.ErrorLine, StringComparison.Ordinal);
        }
    }
}
