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
        var random = new System.Random(2026);
        var kills = 0;
        var finished = false;
        // Kill moments adapt to this machine's speed: a random point in the first quarter of what is left to train.
        var startup = 150.0;
        var updatesPerMs = double.NaN;
        for (var attempt = 0; attempt < 40 && !finished; attempt++)
        {
            var before = File.Exists(checkpoint) ? CheckpointFile.Load(checkpoint).State.Updates : 0;
            string[] args = File.Exists(checkpoint)
                ? ["train", "--resume", checkpoint, "--checkpoint", checkpoint, "--checkpoint-every", "2000", "--save", model, "--format", "json"]
                : ["train", "--seed", "4", "--hidden", "12", "--iterations", "300000", "--checkpoint", checkpoint, "--checkpoint-every", "2000", "--save", model, "--format", "json"];
            var delay = attempt >= 12 ? 120_000
                : double.IsNaN(updatesPerMs) ? random.Next(100, 400)
                : startup + ((0.02 + (random.NextDouble() * 0.23)) * (Config.Iterations - before) / updatesPerMs);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var process = new CliProcess(args);
            if (process.WaitForExit(TimeSpan.FromMilliseconds(delay)))
            {
                Assert.True(process.ExitCode == 0, $"attempt {attempt} exited {process.ExitCode}: {await process.Error}");
                finished = true;
            }
            else
            {
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(10));
                kills++;
            }
            var elapsed = clock.Elapsed.TotalMilliseconds;
            output.WriteLine(FormattableString.Invariant($"attempt {attempt}: delay {delay:F0} ms, elapsed {elapsed:F0} ms, from {before}, finished {finished}"));
            if (File.Exists(checkpoint))
            {
                var (_, state) = CheckpointFile.Load(checkpoint);
                Assert.InRange(state.Updates, before, Config.Iterations);
                if (state.Updates > before && elapsed > startup)
                {
                    // The fastest rate seen: a warmed-up run is several times faster than a cold one.
                    updatesPerMs = Math.Max(double.IsNaN(updatesPerMs) ? 0 : updatesPerMs, (state.Updates - before) / (elapsed - startup));
                }
            }
            else
            {
                startup += 100;
            }
            if (File.Exists(model))
            {
                Assert.True(ModelFile.Load(model).Network.IsFinite());
            }
        }
        output.WriteLine($"survived {kills} kills at random moments");
        Assert.True(finished, "the run never finished");
        Assert.True(kills >= 5, $"only {kills} kills landed mid-run; the test did not test much");
        var expected = new Trainer(Config).Run();
        var actual = ModelFile.Load(model);
        Assert.Equal(expected.Network.Recurrent, actual.Network.Recurrent);
        Assert.Equal(expected.Network.Input, actual.Network.Input);
        Assert.Equal(expected.Network.Output, actual.Network.Output);
        Assert.Equal(300_000, actual.Training.Updates);
    }

    [Fact]
    public async Task CtrlCStopsCleanlySavesACheckpointAndExits130()
    {
        using var dir = new TempDirectory();
        var checkpoint = dir.File("ck.json");
        using var process = new CliProcess("train", "--iterations", "1000000000", "--checkpoint", checkpoint, "--checkpoint-every", "100000000", "--format", "json", "--save", dir.File("m.json"));
        // Let it start and train a while (startup takes well under a second).
        await Task.Delay(1500);
        Assert.False(process.HasExited, "training ended before it could be interrupted");
        process.Interrupt();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "rnncalc did not stop after Ctrl-C");
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("interrupted; resume with --resume", await process.Error, StringComparison.Ordinal);
        var (_, state) = CheckpointFile.Load(checkpoint);
        Assert.True(state.Updates > 0);
        Assert.False(File.Exists(dir.File("m.json")), "an interrupted run must not pass itself off as a finished model");
        Assert.Contains("\"interrupted\":true", await process.Output, StringComparison.Ordinal);
    }
}
