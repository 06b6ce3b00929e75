using RnnCalc.Arithmetic;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

public sealed class MealyMachineTests
{
    [Fact]
    public void The_reference_machines_are_minimal_with_two_states()
    {
        foreach (var operation in Operation.All)
        {
            var (minimal, _) = MealyMachine.Reference(operation).Minimise();
            Assert.Equal(2, minimal.States);
            Assert.Null(minimal.ShortestDifference(MealyMachine.Reference(operation)));
        }
    }

    [Fact]
    public void Minimising_merges_copies_of_a_state_and_drops_unreachable_ones()
    {
        // Subtraction with the borrow-0 state duplicated (0 and 2 behave alike), plus an unreachable state 3.
        var reference = MealyMachine.Reference(Operation.Subtract);
        var next = new int[4 * InputPair.Count];
        var output = new byte[next.Length];
        var margin = new double[next.Length];
        for (var s = 0; s < 4; s++)
        {
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var r = s == 1 ? 1 : 0;
                var target = reference.Next(r, pair);
                next[(s * 4) + pair] = target == 0 ? (s == 0 ? 2 : 0) : 1;
                output[(s * 4) + pair] = (byte)reference.Output(r, pair);
                margin[(s * 4) + pair] = 0.1 * (s + 1);
            }
        }
        var (minimal, classOf) = new MealyMachine(next, output, margin).Minimise();
        Assert.Equal(2, minimal.States);
        Assert.Equal(classOf[0], classOf[2]);
        Assert.Equal(-1, classOf[3]);
        Assert.Null(minimal.ShortestDifference(reference));
        Assert.Equal(0.1, minimal.Margin(0, 0), 12);
    }

    [Fact]
    public void Subtraction_and_addition_first_differ_on_the_second_bit()
    {
        var subtract = MealyMachine.Reference(Operation.Subtract);
        var add = MealyMachine.Reference(Operation.Add);
        var word = subtract.ShortestDifference(add);

        // Their first bits always agree (a ⊕ b); a borrow and a carry first show on the second.
        Assert.NotNull(word);
        Assert.Equal(2, word.Length);
        Assert.Equal(subtract.Output(0, word[0]), add.Output(0, word[0]));
        Assert.NotEqual(subtract.Output(subtract.Next(0, word[0]), word[1]), add.Output(add.Next(0, word[0]), word[1]));
        Assert.Null(subtract.ShortestDifference(subtract));
    }
}
