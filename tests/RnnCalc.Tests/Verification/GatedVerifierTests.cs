using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network.Cells;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

/// <summary>The gated cells go through the same proof search, with their own interval steps.</summary>
public sealed class GatedVerifierTests
{
    /// <summary>A small tanh network that is right on long inputs: 8 hidden units, 3,000 updates (a fraction of a second).</summary>
    private static readonly Lazy<RnnCalc.Network.RecurrentNetwork> SmallTanh = new(() =>
        new Trainer(TrainingConfig.For(Cell.Tanh) with { Hidden = 8, Iterations = 3000 }).Run().Network);

    [Fact]
    public void A_small_tanh_network_is_proven_for_every_length()
    {
        var result = Verifier.Verify(SmallTanh.Value, Operation.Subtract);

        Assert.True(result.Proven, result.Reason);
        Assert.Equal(2, result.States);
        Assert.Null(result.Machine.ShortestDifference(MealyMachine.Reference(Operation.Subtract)));
        Assert.True(result.Machine.MinimumMargin > 0);
        // Every state the network reaches is in the region its machine state stands for: spot-check a long input.
        var invariant = result.Invariant!;
        var h = NetworkStep.Initial(SmallTanh.Value);
        var next = new double[h.Length];
        var state = 0;
        var random = new RnnCalc.Random.NumpyRandom(7);
        for (var t = 0; t < 2000; t++)
        {
            var pair = random.NextInt(InputPair.Count);
            NetworkStep.Run(SmallTanh.Value, h, pair, next);
            (h, next) = (next, h);
            state = invariant.Machine.Next(state, pair);
            if (invariant.Regions[state].Box is { } box)
            {
                Assert.True(box.Contains(h), $"step {t}: the state left its proof region");
            }
        }
    }

    [Fact]
    public void A_tanh_network_with_its_recurrent_weights_scaled_is_not_proven()
    {
        var network = SmallTanh.Value.Clone();
        // Twice the recurrent weights: the borrow is no longer held the same way.
        foreach (ref var w in network.Tensor("weight_hh"))
        {
            w *= 2;
        }

        var result = Verifier.Verify(network, Operation.Subtract, VerifyOptions.Quick);

        Assert.False(result.Proven);
        if (result.Counterexample is { } c)
        {
            var trace = new Calculator(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork> { [Operation.Subtract] = network }).Run(Operation.Subtract, c.A, c.B);
            Assert.NotEqual(c.Exact, trace.Result);
        }
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void A_gated_network_with_its_output_negated_is_not_proven_and_its_counterexample_is_real(string name)
    {
        Assert.True(Cell.TryParse(name, out var cell));
        var network = new Trainer(TrainingConfig.For(cell) with { Hidden = 4, Iterations = 300 }).Run().Network;
        foreach (ref var w in network.Tensor("out.weight"))
        {
            w = -w;
        }
        network.Tensor("out.bias")[0] *= -1;
        Assert.False(Evaluator.Exhaustive(network, new ProblemSet(Operation.Subtract, 8, TrainingRange.Tutorial)).AllCorrect);

        var result = Verifier.Verify(network, Operation.Subtract, VerifyOptions.Quick);

        Assert.False(result.Proven);
        Assert.NotNull(result.Counterexample);
        var trace = new Calculator(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork> { [Operation.Subtract] = network }).Run(Operation.Subtract, result.Counterexample.A, result.Counterexample.B);
        Assert.NotEqual(result.Counterexample.Exact, trace.Result);
    }
}
