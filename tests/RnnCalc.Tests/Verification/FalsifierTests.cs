using RnnCalc.Arithmetic;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

/// <summary>The periodic walks stop early only where the state repeats exactly, never where it drifts.</summary>
public sealed class FalsifierTests
{
    private static readonly int[] BorrowThenOnes = [InputPair.Of(0, 1), InputPair.Of(1, 1)];

    [Fact]
    public void A_periodic_walk_goes_on_while_the_state_drifts_and_finds_the_late_wrong_bit()
    {
        // Seed 0 at first solve drops the borrow after 46 steps of 1 1 (after 0 1): its state drifts without repeating.
        var model = new Trainer(TrainingConfig.Tutorial with { Seed = 0, UntilSolved = true }).Run();

        var found = Falsifier.Search(model.Network, Operation.Subtract, [BorrowThenOnes], 0, 250, VerificationClock.StartNew(), TimeSpan.FromMinutes(1), default);

        Assert.NotNull(found);
        Assert.True(found.Length > 40, $"wrong at step {found.Length}");
        Assert.Equal(InputPair.Of(1, 1), found[^1]);
    }
}
