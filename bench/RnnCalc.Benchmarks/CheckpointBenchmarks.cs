using BenchmarkDotNet.Attributes;
using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Benchmarks;

/// <summary>
/// What --checkpoint and --history cost: 200,000 updates of the tutorial's run plain, with the history, and with the
/// history and a checkpoint every 20,000 updates (the default), its history appended beside it. Goal: the last within
/// 1.5× of the first.
/// </summary>
[MemoryDiagnoser]
public class CheckpointBenchmarks
{
    private const int Updates = 200_000;
    private readonly TrainingConfig _config = TrainingConfig.Tutorial with { Iterations = Updates, PrintEvery = Updates };
    private string _directory = string.Empty;

    [GlobalSetup]
    public void Setup() => _directory = Directory.CreateTempSubdirectory("rnncalc-bench-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "plain training")]
    public TrainedModel Plain() => new Trainer(_config).Run();

    [Benchmark(Description = "with --history")]
    public TrainedModel History() => new Trainer(_config, recordHistory: true).Run();

    [Benchmark(Description = "with --history and --checkpoint (every 20,000)")]
    public TrainedModel HistoryAndCheckpoint() => new Trainer(_config, recordHistory: true).Run(new Checkpoints(Path.Combine(_directory, "ck.json")));

    private sealed class Checkpoints(string path) : TrainingObserver
    {
        private readonly HistoryLog _log = new(path);

        public override long CheckpointEvery => 20_000;

        public override void OnCheckpoint(Trainer trainer) =>
            CheckpointFile.Save(path, trainer.Model(), trainer.SaveState(withHistoryRows: false), _log, trainer.History!);
    }
}
