using BenchmarkDotNet.Attributes;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Training;

namespace RnnCalc.Benchmarks;

/// <summary>
/// Exhaustive 8-bit evaluation of the tutorial's trained network: the 32,896 tutorial-range pairs and the 65,536
/// full-range pairs, batched (all cores, and one), against the one-by-one reference evaluator.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private static readonly ProblemSet Full = new(Operation.Subtract, 8, TrainingRange.Full);
    private RecurrentNetwork _network = null!;

    [GlobalSetup]
    public void Train() => _network = new Trainer(TrainingConfig.Tutorial).Run().Network;

    [Benchmark(Description = "batched, tutorial range, all cores")]
    public EvaluationReport TutorialRange() => BatchEvaluator.Exhaustive(_network, ProblemSet.Tutorial);

    [Benchmark(Description = "batched, full range, all cores")]
    public EvaluationReport FullRange() => BatchEvaluator.Exhaustive(_network, Full);

    [Benchmark(Description = "batched, full range, one core")]
    public EvaluationReport FullRangeOneCore() => BatchEvaluator.Exhaustive(_network, Full, maxDegreeOfParallelism: 1);

    [Benchmark(Baseline = true, Description = "reference, full range")]
    public EvaluationReport FullRangeReference() => Evaluator.Exhaustive(_network, Full);
}
