using BenchmarkDotNet.Attributes;
using RnnCalc.Evaluation;
using RnnCalc.Training;

namespace RnnCalc.Benchmarks;

/// <summary>Time to solve: exact training from seed 0 with the tutorial's settings until every 8-bit pair is right, checks included.</summary>
[MemoryDiagnoser]
public class SolveBenchmarks
{
    [Benchmark(Description = "time to solve, seed 0")]
    public long? TimeToSolveSeed0() => TimeToSolve.Run(TrainingConfig.Tutorial, TrainingConfig.Tutorial.Iterations).SolvedAt;
}
