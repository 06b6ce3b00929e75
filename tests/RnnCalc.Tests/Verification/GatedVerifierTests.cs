using System.Text.Json;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network.Cells;
using RnnCalc.Persistence;
using RnnCalc.Tests.Cli;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

/// <summary>The gated cells go through the same proof search, with their own interval steps.</summary>
public sealed class GatedVerifierTests
{
    /// <summary>A small tanh network that is right on long inputs: 8 hidden units, 3,000 updates (a fraction of a second).</summary>
    private static readonly Lazy<TrainedModel> SmallTanhModel = new(() =>
        new Trainer(TrainingConfig.For(Cell.Tanh) with { Hidden = 8, Iterations = 3000 }).Run());

    private static readonly Lazy<RnnCalc.Network.RecurrentNetwork> SmallTanh = new(() => SmallTanhModel.Value.Network);

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

    [Fact]
    public void A_tanh_proof_writes_a_certificate_that_check_accepts()
    {
        using var temp = new TempDirectory();
        var model = temp.File("tanh.json");
        ModelFile.Save(model, SmallTanhModel.Value);
        var certificate = temp.File("proof.json");

        var run = CliRun.Of("verify", "--model", model, "--certificate", certificate, "--format", "json");
        var check = CliRun.Of("check", certificate);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.True(json.RootElement.GetProperty("proven").GetBoolean());
        Assert.Equal(certificate, json.RootElement.GetProperty("certificate").GetString());
        Assert.Equal(0, check.ExitCode);
        Assert.StartsWith("Accepted: every obligation holds", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_survey_trains_and_verifies_one_network_per_seed_and_counts_the_verdicts()
    {
        var run = CliRun.Of("verify", "--survey", "tanh", "--seeds", "0..1", "--iterations", "200", "--time-limit", "2", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        for (var seed = 0; seed < 2; seed++)
        {
            using var json = JsonDocument.Parse(lines[seed]);
            Assert.Equal(seed, json.RootElement.GetProperty("seed").GetInt32());
            Assert.Equal(200, json.RootElement.GetProperty("updates").GetInt64());
            Assert.Contains(json.RootElement.GetProperty("verdict").GetString(), new[] { "proven", "counterexample", "undecided" });
        }
        Assert.StartsWith("tanh, 2 networks: ", lines[2], StringComparison.Ordinal);
        Assert.Equal(2, CliRun.Of("verify", "--seeds", "0..3").ExitCode);
    }
}
