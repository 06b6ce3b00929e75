using RnnCalc.Arithmetic;
using RnnCalc.Training;
using RnnCalc.Training.Settings;

namespace RnnCalc.Tests.Cli;

/// <summary><c>train --preset</c>: a published run's settings in one word, Trask's post reproduced byte for byte.</summary>
public sealed class TrainPresetTests
{
    /// <summary>The first block of Trask's seed-0 run as today's numpy prints it (from the reference notes on his post).</summary>
    private const string TrasksFirstBlock = "Error:[3.45638663]\nPred:[0 0 0 0 0 0 0 1]\nTrue:[0 1 0 0 0 1 0 1]\n9 + 60 = 1\n------------\n";

    private static string TraskRun => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Trask", "trask-addition-run.txt"));

    [Fact]
    public void TheTraskPresetPrintsExactlyWhatHisScriptPrints()
    {
        var run = CliRun.Of("train", "--preset", "trask", "--format", "reference");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(TraskRun, run.Output);
        Assert.StartsWith(TrasksFirstBlock, run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void OptionsBesideAPresetOverrideItsValues()
    {
        // Trask's run cut at 2,000 updates prints his first two blocks; with another seed, another first block.
        var shorter = CliRun.Of("train", "--preset", "trask", "--format", "reference", "--iterations", "2000");
        Assert.Equal(0, shorter.ExitCode);
        Assert.Equal(string.Concat(TraskRun.Split("------------\n").Take(2).Select(b => b + "------------\n")), shorter.Output);
        var reseeded = CliRun.Of("train", "--preset", "trask", "--format", "reference", "--iterations", "1", "--seed", "1");
        Assert.Equal(0, reseeded.ExitCode);
        Assert.StartsWith("Error:[", reseeded.Output, StringComparison.Ordinal);
        Assert.NotEqual(TrasksFirstBlock, reseeded.Output);
    }

    [Fact]
    public void APresetIsSettingValuesOfTheOneSchema()
    {
        var given = new Dictionary<TrainingSetting, object?> { [TrainingSettings.LearningRate] = 0.2 };
        var config = TrainingSettings.Build(TrainingPreset.Trask.With(given));
        Assert.Equal(TrainingConfig.Tutorial with
        {
            Operation = Operation.Add,
            Bits = 7,
            Range = TrainingRange.Full,
            LearningRate = 0.2,
            InitScale = 1,
            InitialHidden = 0,
            PrintEvery = 1000,
        }, config);
        Assert.Equal(TrainingConfig.Tutorial, TrainingSettings.Build(TrainingPreset.Tutorial.Values));
        Assert.Equal(8, config.Problems.Steps);
        foreach (var preset in TrainingPreset.All)
        {
            var built = TrainingSettings.Build(preset.Values);
            foreach (var (setting, value) in preset.Values)
            {
                // Each value is what the schema parses from the built config's text: typed as the schema types it.
                Assert.Equal(value, setting.Parse(setting.Show(built), setting.Name));
            }
        }
    }

    [Fact]
    public void TheTutorialPresetIsTheTutorialsRun()
    {
        var preset = CliRun.Of("train", "--preset", "tutorial", "--format", "reference", "--iterations", "1600");
        var plain = CliRun.Of("train", "--format", "reference", "--iterations", "1600");
        Assert.Equal(0, preset.ExitCode);
        Assert.StartsWith("总误差:", preset.Output, StringComparison.Ordinal);
        Assert.Equal(plain.Output, preset.Output);
    }

    [Theory]
    [InlineData("--preset must be one of: tutorial, trask (got 'trsk'). Did you mean 'trask'?", "--preset", "trsk")]
    [InlineData("--resume takes its settings from the checkpoint; drop --preset", "--resume", "missing.json", "--preset", "trask")]
    public void AnUnknownPresetOrOneBesideResumeIsRefusedInOneLine(string message, params string[] options)
    {
        var run = CliRun.Of(["train", .. options]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.ErrorLine, StringComparison.Ordinal);
    }
}
