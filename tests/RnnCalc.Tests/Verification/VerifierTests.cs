using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Random;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

public sealed class VerifierTests
{
    [Theory]
    [InlineData("subtract")]
    [InlineData("add")]
    public void The_default_networks_are_proven(string name)
    {
        Assert.True(Operation.TryParse(name, out var operation));
        var result = Verifier.Verify(DefaultModels.For(operation).Network, operation);

        Assert.True(result.Proven, result.Reason);
        Assert.Null(result.Counterexample);
        Assert.Equal(2, result.States);
        Assert.Equal([0, 1], result.ReferenceStates);
        Assert.Null(result.Machine.ShortestDifference(MealyMachine.Reference(operation)));
        Assert.True(result.Machine.MinimumMargin > 0);
        Assert.True(result.AbstractStates >= result.Boxes && result.Boxes > 0);
    }

    [Fact]
    public void A_network_right_on_every_8_bit_pair_but_wrong_on_long_inputs_is_not_proven_and_its_counterexample_is_real()
    {
        // Seed 44 forgets the borrow over a long run of 1 − 1 steps.
        var network = new Trainer(TrainingConfig.Tutorial with { Seed = 44 }).Run().Network;
        Assert.True(Evaluator.Exhaustive(network, new ProblemSet(Operation.Subtract, 8, TrainingRange.Tutorial)).AllCorrect);

        var result = Verifier.Verify(network, Operation.Subtract);

        Assert.False(result.Proven);
        AssertReallyWrong(network, result.Counterexample);
    }

    [Fact]
    public void A_network_with_altered_weights_is_not_proven_and_its_counterexample_is_real()
    {
        var network = DefaultModels.Subtract.Network.Clone();
        // Swap the roles of a and b: the network now computes b − a on its first step.
        for (var j = 0; j < network.Hidden; j++)
        {
            (network.Input[j], network.Input[network.Hidden + j]) = (network.Input[network.Hidden + j], network.Input[j]);
        }

        var result = Verifier.Verify(network, Operation.Subtract);

        Assert.False(result.Proven);
        AssertReallyWrong(network, result.Counterexample);
    }

    [Fact]
    public void A_network_that_fails_an_8_bit_pair_is_never_proven()
    {
        var problems = new ProblemSet(Operation.Subtract, 8, TrainingRange.Tutorial);
        var failing = 0;
        for (var k = 1; k <= 8; k++)
        {
            // Noise of growing size on every weight: the larger amounts break 8-bit pairs, and those are verified.
            var network = DefaultModels.Subtract.Network.Clone();
            var random = new NumpyRandom((uint)k);
            // Every weight, in the tutorial's old order weight_0, weight_h, weight_1, so the perturbations stay the same.
            foreach (var name in new[] { "input", "recurrent", "output" })
            {
                var weights = network.Tensor(name);
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] += 0.5 * k * ((2 * random.NextDouble()) - 1);
                }
            }
            if (Evaluator.Exhaustive(network, problems).AllCorrect)
            {
                continue;
            }
            failing++;
            var result = Verifier.Verify(network, Operation.Subtract);
            Assert.False(result.Proven);
            AssertReallyWrong(network, result.Counterexample);
        }
        Assert.True(failing >= 3, "too few nudges broke an 8-bit pair");
    }

    [Fact]
    public void A_network_with_weights_that_are_not_numbers_is_not_proven()
    {
        var network = DefaultModels.Subtract.Network.Clone();
        network.Output[0] = double.NaN;
        var result = Verifier.Verify(network, Operation.Subtract);
        Assert.False(result.Proven);
    }

    [Fact]
    public void A_counterexample_is_only_made_from_an_input_the_network_gets_wrong()
    {
        var network = DefaultModels.Subtract.Network;
        Assert.Null(Counterexample.FromWord(network, Operation.Subtract, [InputPair.Of(1, 0), InputPair.Of(0, 1), InputPair.Of(1, 1)]));
        Assert.Null(Counterexample.FromWord(network, Operation.Subtract, []));
    }

    private static void AssertReallyWrong(RecurrentNetwork network, Counterexample? counterexample)
    {
        Assert.NotNull(counterexample);
        var operation = counterexample.Operation;
        Assert.Equal(operation.Exact(counterexample.A, counterexample.B), counterexample.Exact);
        var trace = new Calculator(new Dictionary<Operation, RecurrentNetwork> { [operation] = network }).Run(operation, counterexample.A, counterexample.B);
        Assert.Equal(counterexample.Network, trace.Result);
        Assert.NotEqual(counterexample.Exact, trace.Result);
    }
}
