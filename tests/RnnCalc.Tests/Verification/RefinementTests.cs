using RnnCalc.Arithmetic;
using RnnCalc.Checker;
using RnnCalc.Network;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

/// <summary>Refinement where a proof fails, the guided counterexample search and the CPU-time clock.</summary>
public sealed class RefinementTests
{
    [Fact]
    public void A_network_whose_proof_needs_refinement_is_proven_and_its_certificate_accepted()
    {
        // Seed 85 after the tutorial's 10,000 updates: boxes straddle where a run of 0 0 pairs after 01 10 splits
        // the states, so no attempt closes with boxes of one size; refined where that happens, one does.
        var model = new Trainer(TrainingConfig.Tutorial with { Seed = 85 }).Run();
        var plain = new ProofSearch(model.Network, 0.05, 16, 2_000_000, VerificationClock.StartNew(), TimeSpan.FromMinutes(1), default).Run();
        Assert.False(plain.Closed);

        var result = Verifier.Verify(model.Network, Operation.Subtract);

        Assert.True(result.Proven, result.Reason);
        Assert.Contains(result.Attempts, a => a.Closed && a.Refinements > 0);
        var check = CertificateChecker.Check(CertificateFile.Serialize(model, result));
        Assert.True(check.Accepted, check.Message);
        Assert.Equal(result.AbstractStates, check.Regions);
    }

    [Fact]
    public void Refinement_narrows_boxes_only_in_the_zones_of_failed_boxes()
    {
        var model = new Trainer(TrainingConfig.Tutorial with { Seed = 85 }).Run();
        var (attempt, rounds, zones) = ProofRefinement.Run(model.Network, 0.05, 16, 40, 2_000_000, VerificationClock.StartNew(), TimeSpan.FromMinutes(1), default);

        Assert.True(attempt.Closed, attempt.Reason);
        Assert.True(rounds > 1);
        Assert.Equal(rounds - 1, zones);
        // Some boxes stay coarse (wider than any zone allows), so the refinement was local, not a smaller width everywhere.
        var boxes = attempt.Invariant!.Regions.Where(r => r.Box is not null).Select(r => r.Box!.Width).ToList();
        Assert.Contains(boxes, w => w > 0.05 / ProofRefinement.Split);
    }

    [Fact]
    public void Refinement_given_the_failed_attempt_as_its_first_round_ends_as_it_would_have()
    {
        // verify runs the attempt collecting its failed box and hands it over instead of refinement re-running it.
        var model = new Trainer(TrainingConfig.Tutorial with { Seed = 85 }).Run();
        var clock = VerificationClock.StartNew();
        var first = new ProofSearch(model.Network, 0.05, 16, 2_000_000, clock, TimeSpan.FromMinutes(1), default, collect: 1).Run();
        Assert.False(first.Closed);
        Assert.Single(first.FailedRegions);

        var (given, givenRounds, givenZones) = ProofRefinement.Run(model.Network, 0.05, 16, 40, 2_000_000, clock, TimeSpan.FromMinutes(1), default, first);
        var (run, rounds, zones) = ProofRefinement.Run(model.Network, 0.05, 16, 40, 2_000_000, clock, TimeSpan.FromMinutes(1), default);

        Assert.True(given.Closed, given.Reason);
        Assert.Equal((rounds, zones, run.AbstractStates, run.Boxes), (givenRounds, givenZones, given.AbstractStates, given.Boxes));
    }

    [Fact]
    public void The_guided_search_finds_a_real_counterexample_and_the_calculator_confirms_it()
    {
        var network = DefaultModels.Subtract.Network.Clone();
        // Swap the roles of a and b: the network now computes b − a on its first step.
        for (var j = 0; j < network.Hidden; j++)
        {
            (network.Input[j], network.Input[network.Hidden + j]) = (network.Input[network.Hidden + j], network.Input[j]);
        }

        var found = MarginSearch.Run(network, Operation.Subtract, [[3, 3, 3]], 16, 50);

        Assert.NotNull(found.Counterexample);
        Assert.True(found.Margin <= 0);
        var counterexample = Counterexample.FromWord(network, Operation.Subtract, found.Counterexample);
        Assert.NotNull(counterexample);
        var trace = new Calculator(new Dictionary<Operation, RecurrentNetwork> { [Operation.Subtract] = network }).Run(Operation.Subtract, counterexample.A, counterexample.B);
        Assert.Equal(counterexample.Network, trace.Result);
        Assert.NotEqual(trace.Exact, trace.Result);
    }

    [Fact]
    public void On_a_proven_network_the_search_finds_nothing_and_stays_above_the_proven_margin()
    {
        var network = DefaultModels.Subtract.Network;
        var proof = Verifier.Verify(network, Operation.Subtract);
        Assert.True(proof.Proven, proof.Reason);

        var found = MarginSearch.Run(network, Operation.Subtract, [[1, 1, 1, 1]], 16, 100);

        Assert.Null(found.Counterexample);
        // The proof's margins are lower bounds over every reachable state; the search sees real states.
        Assert.True(found.Margin >= proof.Machine.MinimumMargin, $"{found.Margin} < {proof.Machine.MinimumMargin}");
        Assert.True(found.Steps > 4 * 100);
    }

    [Fact]
    public void The_time_limit_clock_does_not_count_time_the_thread_spends_waiting()
    {
        if (!VerificationClock.IsThreadTime)
        {
            return;
        }
        var clock = VerificationClock.StartNew();
        Thread.Sleep(300);
        var waited = clock.Elapsed;
        var spin = System.Diagnostics.Stopwatch.StartNew();
        var x = 0.0;
        while (spin.ElapsedMilliseconds < 100)
        {
            x += Math.Sqrt(x + 1);
        }
        Assert.True(x > 0);

        Assert.True(waited < TimeSpan.FromMilliseconds(150), $"{waited}");
        Assert.True(clock.Elapsed > waited);
    }
}
