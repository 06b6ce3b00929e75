using RnnCalc.Arithmetic;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

public sealed class CounterexamplePatternTests
{
    [Fact]
    public void Seed_44_drops_the_borrow_after_a_run_of_1_1_and_the_calculator_confirms_the_family()
    {
        var network = new Trainer(TrainingConfig.Tutorial with { Seed = 44 }).Run().Network;

        var result = Verifier.Verify(network, Operation.Subtract);

        var pattern = result.Pattern;
        Assert.NotNull(pattern);
        Assert.Equal(InputPair.Of(1, 1), pattern.Pair);
        Assert.Equal(1, pattern.State);
        Assert.Equal(pattern.Steps, pattern.Confirmed[0]);
        Assert.True(pattern.Confirmed.Count >= 5, string.Join(", ", pattern.Confirmed));
        Assert.StartsWith($"after {pattern.Steps} steps of a b = 1 1 while borrowing", pattern.Description, StringComparison.Ordinal);
        Assert.Contains("drops the borrow", pattern.Description, StringComparison.Ordinal);
        // The shortest run: one step fewer and every bit the network emits is still right.
        var reference = MealyMachine.Reference(Operation.Subtract);
        var (h, next, state) = (NetworkStep.Initial(network), new double[network.Hidden], 0);
        foreach (var pair in pattern.Prefix.Concat(Enumerable.Repeat(pattern.Pair, pattern.Steps - 1)))
        {
            var bit = NetworkStep.Run(network, h, pair, next) > 0.5 ? 1 : 0;
            Assert.Equal(reference.Output(state, pair), bit);
            (h, next, state) = (next, h, reference.Next(state, pair));
        }
    }

    [Fact]
    public void An_input_that_does_not_end_in_a_run_has_no_pattern()
    {
        var network = DefaultModels.Subtract.Network;

        Assert.Null(CounterexamplePattern.Of(network, Operation.Subtract, [0, 1, 2, 3, 0, 1, 2, 3]));
        Assert.Null(CounterexamplePattern.Of(network, Operation.Subtract, [3, 3, 3]));
    }
}
