using BenchmarkDotNet.Attributes;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Network.Kernels;
using RnnCalc.Random;
using RnnCalc.Training;

namespace RnnCalc.Benchmarks;

/// <summary>
/// The tutorial's training run (seed 0, 16 hidden units, α = 0.9, 10,000 updates), reported per update: the
/// trainer as rnncalc train runs it (the fused exact kernel), the separate exact kernels, the fast mode, the scalar
/// reference (on 1,000 updates), and the GRU and LSTM cells with their defaults, exact and --fast.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private const int Updates = 10_000;
    private const int ReferenceUpdates = 1_000;
    private const int CellUpdates = 2_000;
    private readonly TrainingConfig _config = TrainingConfig.Tutorial;

    [Benchmark(OperationsPerInvoke = Updates, Description = "exact, through Trainer (as rnncalc train)")]
    public TrainedModel ExactTrainer() => new Trainer(_config with { Iterations = Updates }).Run();

    [Benchmark(OperationsPerInvoke = Updates, Description = "exact, Forward+Backward+Apply")]
    public RecurrentNetwork ExactSeparate()
    {
        var (problems, random, network, sequence, run) = Start();
        var update = new Gradient(_config.Hidden);
        for (var u = 0; u < Updates; u++)
        {
            problems.Encode(problems.Draw(random), sequence);
            ExactKernels.Forward(network, sequence, run);
            ExactKernels.Backward(network, sequence, run, update);
            ExactKernels.Apply(network, update, _config.LearningRate);
            update.Clear();
        }
        return network;
    }

    [Benchmark(OperationsPerInvoke = Updates, Description = "fast (float32)")]
    public TrainedModel Fast() => new Trainer(_config with { Iterations = Updates, Fast = true }).Run();

    [Benchmark(OperationsPerInvoke = ReferenceUpdates, Baseline = true, Description = "scalar reference (Rnn)")]
    public TrainedModel Reference() => new Trainer(_config with { Iterations = ReferenceUpdates }, new TrainerOptions { ReferenceKernels = true }).Run();

    [Benchmark(OperationsPerInvoke = CellUpdates, Description = "GRU, its defaults (Adam, 16 hidden)")]
    public TrainedModel Gru() => new Trainer(TrainingConfig.For(Cell.Gru) with { Iterations = CellUpdates }).Run();

    [Benchmark(OperationsPerInvoke = CellUpdates, Description = "LSTM, its defaults (Adam, 16 hidden)")]
    public TrainedModel Lstm() => new Trainer(TrainingConfig.For(Cell.Lstm) with { Iterations = CellUpdates }).Run();

    [Benchmark(OperationsPerInvoke = CellUpdates, Description = "GRU --fast (float32, Adam, 16 hidden)")]
    public TrainedModel GruFast() => new Trainer(TrainingConfig.For(Cell.Gru) with { Iterations = CellUpdates, Fast = true }).Run();

    [Benchmark(OperationsPerInvoke = CellUpdates, Description = "LSTM --fast (float32, Adam, 16 hidden)")]
    public TrainedModel LstmFast() => new Trainer(TrainingConfig.For(Cell.Lstm) with { Iterations = CellUpdates, Fast = true }).Run();

    private (ProblemSet Problems, NumpyRandom Random, RecurrentNetwork Network, BitSequence Sequence, Unrolling Run) Start()
    {
        var problems = _config.Problems;
        var random = new NumpyRandom(_config.Seed);
        var network = RecurrentNetwork.Initialize(random, _config.Hidden);
        return (problems, random, network, new BitSequence(problems.Steps), new Unrolling(_config.Hidden, problems.Steps));
    }
}
