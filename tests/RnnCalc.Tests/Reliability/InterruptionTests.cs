using RnnCalc.Persistence;
using RnnCalc.Training;
using Xunit.Abstractions;

namespace RnnCalc.Tests.Reliability;

/// <summary>Nothing saved is ever lost: kills at random moments leave only loadable files, and resuming finishes the same run.</summary>
public class InterruptionTests(ITestOutputHelper output)
{
    private static readonly TrainingConfig Config = TrainingConfig.Tutorial with { Iterations = 300_000, Hidden = 12, Seed = 4 };

    [Fact]
    public async Task KilledAtRandomMomentsTheFilesAlwaysLoadAndResumingEndsWithTheUninterruptedWeights()
    {
        using var dir = new TempDirectory();
        var checkpoint = dir.File("run.checkpoint.json");
        var model = dir.File("model.json");
        // With --history the checkpoint keeps its history in a side file, appended: kills must never leave the pair unreadable.
        var history = dir.File("history.csv");
        var random = new System.Random(2026);
        // A run far longer than the test, so no kill can come too late on any machine; the last resume sets its end.
        const int Kills = 12;
        for (var attempt = 0; attempt < Kills; attempt++)
        {
            var before = Updates(checkpoint);
            string[] args = File.Exists(checkpoint)
                ? ["train", "--resume", checkpoint, "--checkpoint", checkpoint, "--checkpoint-every", "1000", "--save", model, "--history", history, "--format", "json"]
                : ["train", "--seed", "4", "--hidden", "12", "--iterations", "100000000", "--checkpoint", checkpoint, "--checkpoint-every", "1000", "--print-every", "1000", "--save", model, "--history", history, "--format", "json"];
            using var process = new CliProcess(args);
            // Start-up (runtime, JIT) takes longer on a loaded machine: the kill's random moment counts from the first
            // progress line, when training has begun, so every kill lands in the training loop on any machine.
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (process.OutputLines == 0 && !process.HasExited && started.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(10);
            }
            if (process.WaitForExit(TimeSpan.FromMilliseconds(random.Next(120, 960))))
            {
                Assert.Fail($"attempt {attempt} ended by itself (exit {process.ExitCode}): {await process.Error}");
            }
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
            var after = Updates(checkpoint);
            output.WriteLine(FormattableString.Invariant($"kill {attempt + 1}: checkpoint went from {before} to {after} updates"));
            Assert.InRange(after, before, long.MaxValue);
            if (File.Exists(model))
            {
                Assert.True(ModelFile.Load(model).Network.IsFinite());
            }
        }
        Assert.True(Updates(checkpoint) > 0, "no checkpoint was ever written");
        var end = Updates(checkpoint) + 5000;
        using (var last = new CliProcess("train", "--resume", checkpoint, "--iterations", end.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", model, "--format", "json"))
        {
            Assert.True(last.WaitForExit(TimeSpan.FromSeconds(120)), "the last resume did not finish");
            Assert.True(last.ExitCode == 0, $"the last resume exited {last.ExitCode}: {await last.Error}");
        }
        output.WriteLine($"survived {Kills} kills at random moments; resumed to {end} updates");
        var expected = new Trainer(Config with { Iterations = end }).Run();
        var actual = ModelFile.Load(model);
        Assert.Equal(expected.Network.Recurrent, actual.Network.Recurrent);
        Assert.Equal(expected.Network.Input, actual.Network.Input);
        Assert.Equal(expected.Network.Output, actual.Network.Output);
        Assert.Equal(end, actual.Training.Updates);
    }

    /// <summary>The checkpoint's update count, 0 before there is one (files are renamed into place, so always whole).</summary>
    private static long Updates(string checkpoint) => File.Exists(checkpoint) ? CheckpointFile.Load(checkpoint).State.Updates : 0;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CtrlCStopsCleanlySavesTheCheckpointAndTheModelAndExits130(int interrupts)
    {
        // timeout -s INT signals the whole process group, so two can arrive at once: the second must not cut the writes short.
        using var dir = new TempDirectory();
        var checkpoint = dir.File("ck.json");
        var model = dir.File("m.json");
        using var process = new CliProcess("train", "--iterations", "1000000000", "--checkpoint", checkpoint, "--checkpoint-every", "100000000", "--print-every", "1000", "--format", "json", "--save", model);
        // Interrupt once training has begun (its first progress line), not after a fixed delay: on a loaded machine the
        // runtime's start-up can outlast any delay, and an interrupt before rnncalc's handler is registered does what
        // the inherited disposition says (a shell running the tests in the background ignores it: the run goes on).
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (process.OutputLines == 0 && !process.HasExited && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }
        await Task.Delay(200);
        Assert.False(process.HasExited, "training ended before it could be interrupted");
        for (var i = 0; i < interrupts; i++)
        {
            process.Interrupt();
        }
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "rnncalc did not stop after Ctrl-C");
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("; resume with --resume", await process.Error, StringComparison.Ordinal);
        var (_, state) = CheckpointFile.Load(checkpoint);
        Assert.True(state.Updates > 0);
        // The model is the last good network, saved as PyTorch users expect of a KeyboardInterrupt handler, and the
        // summary says the run was interrupted.
        var saved = ModelFile.Load(model);
        Assert.Equal(state.Updates, saved.Training.Updates);
        Assert.Contains("\"interrupted\":true", await process.Output, StringComparison.Ordinal);
        Assert.Contains("\"saved\":", await process.Output, StringComparison.Ordinal);
    }
}
