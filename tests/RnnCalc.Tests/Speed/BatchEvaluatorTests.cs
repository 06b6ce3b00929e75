using System.Runtime.Intrinsics;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;
using RnnCalc.Training;

namespace RnnCalc.Tests.Speed;

/// <summary>The batched evaluator against the one-by-one reference <see cref="Evaluator"/>: same report, field by field.</summary>
public class BatchEvaluatorTests
{
    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var range in new[] { "tutorial", "full" })
        {
            foreach (var bits in new[] { 1, 2, 3, 4, 5, 6 })
            {
                data.Add(range, bits, "subtract");
            }
            data.Add(range, 5, "add");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExhaustiveEqualsTheReferenceOnRandomNetworks(string range, int bits, string operation)
    {
        var problems = Problems(range, bits, operation);
        var random = new System.Random(bits * 7);
        foreach (var hidden in new[] { 1, 3, 8, 16, 17 })
        {
            foreach (var scale in new[] { 0.5, 3.0 })
            {
                var net = RandomNetworks.Network(random, hidden, scale);
                AssertSameReport(Evaluator.Exhaustive(net, problems), BatchEvaluator.Exhaustive(net, problems), $"H={hidden} scale={scale}");
                Assert.Equal(Evaluator.Exhaustive(net, problems).AllCorrect, BatchEvaluator.SolvesExhaustive(net, problems));
            }
        }
    }

    [Theory]
    [InlineData("tutorial", 8, 1_500)]
    [InlineData("tutorial", 8, 10_000)]
    [InlineData("full", 7, 3_000)]
    [InlineData("full", 8, 12_000)]
    public void ExhaustiveEqualsTheReferenceOnTrainedNetworks(string range, int bits, int updates)
    {
        var problems = Problems(range, bits, "subtract");
        var model = new Trainer(TrainingConfig.Tutorial with { Bits = bits, Range = problems.Range, Iterations = updates }).Run();
        var expected = Evaluator.Exhaustive(model.Network, problems);
        AssertSameReport(expected, BatchEvaluator.Exhaustive(model.Network, problems), "parallel");
        AssertSameReport(expected, BatchEvaluator.Exhaustive(model.Network, problems, maxDegreeOfParallelism: 1), "one core");
        Assert.Equal(expected.AllCorrect, BatchEvaluator.SolvesExhaustive(model.Network, problems));
    }

    [Fact]
    public void EveryVectorWidthWalksTheSameTree()
    {
        var random = new System.Random(5);
        foreach (var range in new[] { TrainingRange.Tutorial, TrainingRange.Full })
        {
            var problems = new ProblemSet(Operation.Subtract, 6, range);
            var net = RandomNetworks.Network(random, 16, 2.0);
            var expected = Evaluator.Exhaustive(net, problems);
            AssertSameReport(expected, BatchEvaluator.Walk<Vector512<double>, Lanes512>(net, problems, 2, false, 1).Report(problems), "512");
            AssertSameReport(expected, BatchEvaluator.Walk<Vector256<double>, Lanes256>(net, problems, 2, false, 1).Report(problems), "256");
            AssertSameReport(expected, BatchEvaluator.Walk<Vector128<double>, Lanes128>(net, problems, 2, false, 2).Report(problems), "128");
        }
    }

    [Fact]
    public void LibmExpAndSaturatedNetworksAgreeToo()
    {
        var random = new System.Random(11);
        var problems = new ProblemSet(Operation.Subtract, 5, TrainingRange.Full);
        AssertSameReport(Evaluator.Exhaustive(RandomNetworks.Network(random, 8, 1.0, ExpKind.Libm), problems), BatchEvaluator.Exhaustive(RandomNetworks.Network(new System.Random(11), 8, 1.0, ExpKind.Libm), problems), "libm");
        // Weights this large push sums past numpy's exp fast path (|x| ≥ 707.7): the scalar fallback must take over.
        var huge = RandomNetworks.Network(random, 12, 400.0);
        AssertSameReport(Evaluator.Exhaustive(huge, problems), BatchEvaluator.Exhaustive(huge, problems), "saturated");
    }

    [Fact]
    public void AnySetEqualsTheReferenceInItsOwnOrder()
    {
        var random = new System.Random(3);
        var problems = new ProblemSet(Operation.Add, 12, TrainingRange.Full);
        var numpy = new RnnCalc.Random.NumpyRandom(9);
        var set = Enumerable.Range(0, 333).Select(_ => problems.Draw(numpy)).ToList();
        foreach (var hidden in new[] { 3, 16, 17 })
        {
            var net = RandomNetworks.Network(random, hidden, 1.5);
            AssertSameReport(Evaluator.Evaluate(net, problems, set), BatchEvaluator.Evaluate(net, problems, set), $"H={hidden}");
            AssertSameReport(Evaluator.Evaluate(net, problems, set), BatchEvaluator.Evaluate(net, problems, set, maxDegreeOfParallelism: 1), $"H={hidden} one core");
        }
        Assert.Equal(0, BatchEvaluator.Evaluate(new RecurrentNetwork(4), problems, []).Pairs);
    }

    private static ProblemSet Problems(string range, int bits, string operation)
    {
        Assert.True(Operation.TryParse(operation, out var op));
        return new ProblemSet(op, bits, range == "full" ? TrainingRange.Full : TrainingRange.Tutorial);
    }

    private static void AssertSameReport(EvaluationReport expected, EvaluationReport actual, string context)
    {
        Assert.True(expected.Pairs == actual.Pairs, $"{context}: pairs {expected.Pairs} vs {actual.Pairs}");
        Assert.True(expected.Correct == actual.Correct, $"{context}: correct {expected.Correct} vs {actual.Correct}");
        Assert.True(expected.BitErrors.SequenceEqual(actual.BitErrors), $"{context}: bit errors [{string.Join(",", expected.BitErrors)}] vs [{string.Join(",", actual.BitErrors)}]");
        Assert.True(expected.FirstFailures.SequenceEqual(actual.FirstFailures), $"{context}: failures [{string.Join(" ", expected.FirstFailures)}] vs [{string.Join(" ", actual.FirstFailures)}]");
    }
}
