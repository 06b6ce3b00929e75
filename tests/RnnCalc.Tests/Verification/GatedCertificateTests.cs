using System.Text.Json.Nodes;
using RnnCalc.Checker;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

/// <summary>Certificates of the tanh, GRU and LSTM cells' proofs, and what the checker rejects in them.</summary>
public sealed class GatedCertificateTests
{
    /// <summary>The rejections the numeric obligations give (the first that fails).</summary>
    private const string NumericRejection = @"^transition \d+ \(region \d+, input [01]{2}\): the (output is not certainly [01]|image leaves region \d+ in unit \d+)$";

    /// <summary>
    /// Per cell a network verify proves in well under a second, with a small certificate: a tanh RNN of 4 units
    /// (204 regions), a GRU of 2 (174), both trained, and an LSTM built by hand (training gives none that boxes prove).
    /// </summary>
    private static readonly Dictionary<string, Lazy<(TrainedModel Model, VerificationResult Proof, byte[] Certificate)>> Proofs = new()
    {
        ["tanh"] = new(() => Proven(new Trainer(TrainingConfig.For(Cell.Tanh) with { Hidden = 4, Seed = 2, Iterations = 3000 }).Run())),
        ["gru"] = new(() => Proven(new Trainer(TrainingConfig.For(Cell.Gru) with { Hidden = 2, Seed = 4, Iterations = 10000 }).Run())),
        ["lstm"] = new(() => Proven(SaturatedLstm())),
    };

    public static TheoryData<string> Cells => new() { "tanh", "gru", "lstm" };

    [Theory]
    [MemberData(nameof(Cells))]
    public void The_checker_accepts_the_certificate_of_a_proven_network(string cell)
    {
        var (model, proof, certificate) = Proofs[cell].Value;

        var check = CertificateChecker.Check(certificate);

        Assert.True(check.Accepted, check.Message);
        Assert.Equal(proof.AbstractStates, check.Regions);
        Assert.Equal(4 * check.Regions, check.Transitions);
        Assert.Equal(cell, (string?)JsonNode.Parse(certificate)!["model"]!["config"]!["cell"]);
        Assert.True(proof.Certifiable);
        // An LSTM's boxes hold its whole state, h and c.
        var box = JsonNode.Parse(certificate)!["regions"]![0]!["lower"]!.AsArray();
        Assert.Equal(model.Network.Cell.StateSize(model.Network.Hidden), box.Count);
    }

    [Fact]
    public void The_trained_proofs_have_lookahead_nodes_which_the_checker_recomputes_from_their_parents()
    {
        foreach (var cell in new[] { "tanh", "gru" })
        {
            var regions = JsonNode.Parse(Proofs[cell].Value.Certificate)!["regions"]!.AsArray();
            Assert.Contains(regions, r => r!["from"] is not null);
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_flipped_output_bit_is_rejected_by_the_reference_machine(string cell)
    {
        var expected = string.Empty;
        var rejected = Mutated(cell, c =>
        {
            var t = c["transitions"]![5]!;
            t["output"] = 1 - (int)t["output"]!;
            expected = $"transition 5 (region {(int)t["from"]!}, input {(string)t["input"]!}) emits {(int)t["output"]!} and";
        });

        Assert.StartsWith(expected, rejected, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Weights_scaled_by_one_and_a_half_are_rejected(string cell)
    {
        var rejected = Mutated(cell, c =>
        {
            foreach (var (_, tensor) in c["model"]!["weights"]!.AsObject())
            {
                foreach (var row in tensor!.AsArray())
                {
                    var values = row!.AsArray();
                    for (var i = 0; i < values.Count; i++)
                    {
                        values[i] = 1.5 * (double)values[i]!;
                    }
                }
            }
        });

        Assert.Matches(NumericRejection, rejected);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_removed_region_is_rejected(string cell)
    {
        var removed = -1;
        var rejected = Mutated(cell, c =>
        {
            var regions = c["regions"]!.AsArray();
            removed = regions.Count - 1;
            regions.RemoveAt(removed);
        });

        Assert.Contains($"region {removed}, which does not exist", rejected, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_shrunk_region_is_rejected(string cell)
    {
        var target = -1;
        var rejected = Mutated(cell, c =>
        {
            // The box most transitions land in, shrunk to the lower quarter of its width in every unit (an LSTM's c too):
            // boxes are opened around their images with a margin, and the LSTM's images are nearly points.
            var regions = c["regions"]!.AsArray();
            target = CertificateTests.BusiestBox(c);
            var (lower, upper) = (regions[target]!["lower"]!.AsArray(), regions[target]!["upper"]!.AsArray());
            for (var j = 0; j < lower.Count; j++)
            {
                var (lo, hi) = ((double)lower[j]!, (double)upper[j]!);
                upper[j] = lo + ((hi - lo) / 4);
            }
        });

        Assert.Contains($"the image leaves region {target} in unit", rejected, StringComparison.Ordinal);
    }

    /// <summary>
    /// A bias only PyTorch's cells have, changed: the tanh cell's b_hh pushed up by 2 (its units saturate), the GRU's
    /// update gate z held at 1 (h never moves) and the LSTM's output gate o at 0 (h stays 0). The certificate's claims
    /// still agree with the reference machine: only stepping through the gates sees it.
    /// </summary>
    [Theory]
    [InlineData("tanh", 0, 2.0)]
    [InlineData("gru", 1, 40.0)]
    [InlineData("lstm", 3, -40.0)]
    public void A_gate_bias_changed_is_rejected_by_the_gate_arithmetic(string cell, int gate, double bias)
    {
        var rejected = Mutated(cell, c =>
        {
            var hidden = (int)c["model"]!["config"]!["hidden"]!;
            var biases = c["model"]!["weights"]!["bias_hh"]!.AsArray();
            for (var u = 0; u < hidden; u++)
            {
                var row = biases[(gate * hidden) + u]!.AsArray();
                row[0] = cell == "tanh" ? (double)row[0]! + bias : bias;
            }
        });

        Assert.Matches(NumericRejection, rejected);
    }

    [Fact]
    public void A_gated_proof_with_a_weight_radius_gets_no_certificate_since_the_checker_would_reject_it()
    {
        var (model, proof, _) = Proofs["gru"].Value;
        var robustness = Robustness.Certify(model.Network, proof)!;
        Assert.True(robustness.Radius >= Robustness.SmallestRadius);

        var reason = CertificateFile.NotCovered(model.Network.Cell, proof, robustness);

        Assert.Equal("the independent checker certifies a weight radius for the tutorial's cell only, not for this gru proof's radius (verify without --robustness for its certificate)", reason);
        Assert.Throws<ArgumentException>(() => CertificateFile.Serialize(model, proof, robustness));
        Assert.Null(CertificateFile.NotCovered(model.Network.Cell, proof));
    }

    [Fact]
    public void A_proof_whose_lookahead_the_checker_does_not_recompute_gets_no_certificate()
    {
        var (model, proof, _) = Proofs["gru"].Value;
        // As if the proof had followed its lookahead in a form of its own (a relational one, say) instead of boxes.
        var other = proof.Invariant! with { LookaheadForms = new HashSet<Type> { typeof(AffineLookahead) } };

        var reason = CertificateFile.NotCovered(model.Network.Cell, other);

        Assert.Equal("the independent checker follows a gru proof's lookahead as boxes, and this proof follows it as AffineLookahead", reason);
        Assert.Null(CertificateFile.NotCovered(model.Network.Cell, proof.Invariant!));
        Assert.Throws<ArgumentException>(() => CertificateFile.Serialize(model, proof with { Invariant = other }));
    }

    private static (TrainedModel, VerificationResult, byte[]) Proven(TrainedModel model)
    {
        var proof = Verifier.Verify(model.Network, model.Config.Operation);
        Assert.True(proof.Proven, proof.Reason);
        return (model, proof, CertificateFile.Serialize(model, proof));
    }

    /// <summary>
    /// An LSTM of 3 units that subtracts with saturated i, f and o gates (gain K = 20; every f ≈ 0 and g = tanh 1, so
    /// c' ≈ i·tanh 1 and h' ≈ o·tanh(c') ∈ {0, L}, L = tanh(tanh 1)): unit 0 holds the borrow s' = [b + s − a ≥ 1] (its o
    /// gate), unit 1 is [a + b + s = 1] (o: sum ≥ 1, i: sum ≤ 1), unit 2 is [a + b + s = 3]; the output reads units 1 + 2,
    /// the bit a ⊕ b ⊕ s. s is unit 0 of the previous h over L. Every perturbation shrinks by σ'(±10)·K ≈ 1e-3 a step.
    /// </summary>
    private static TrainedModel SaturatedLstm()
    {
        const double K = 20;
        var s = K / Math.Tanh(Math.Tanh(1));
        var network = new RecurrentNetwork(Cell.Lstm, 3, 0, ExpKind.NumpyAvx512);
        // Rows: gate blocks i, f, g, o of 3 units each; per row (W_ih a, W_ih b, W_hh on unit 0, b_ih).
        double[][] rows =
        [
            [0, 0, 0, K], [-K, -K, -s, 1.5 * K], [0, 0, 0, K],
            [0, 0, 0, -K], [0, 0, 0, -K], [0, 0, 0, -K],
            [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 1],
            [-K, K, s, -0.5 * K], [K, K, s, -0.5 * K], [K, K, s, -2.5 * K],
        ];
        var input = network.Tensor("weight_ih");
        var recurrent = network.Tensor("weight_hh");
        var bias = network.Tensor("bias_ih");
        for (var r = 0; r < rows.Length; r++)
        {
            (input[2 * r], input[(2 * r) + 1], recurrent[3 * r], bias[r]) = (rows[r][0], rows[r][1], rows[r][2], rows[r][3]);
        }
        var output = network.Tensor("out.weight");
        (output[1], output[2], network.Tensor("out.bias")[0]) = (s, s, -0.5 * K);
        return new TrainedModel(TrainingConfig.For(Cell.Lstm) with { Hidden = 3 }, network, new TrainingSummary(0, 0));
    }

    private static string Mutated(string cell, Action<JsonNode> mutate)
    {
        var certificate = JsonNode.Parse(Proofs[cell].Value.Certificate)!;
        mutate(certificate);
        var check = CertificateChecker.Check(System.Text.Encoding.UTF8.GetBytes(certificate.ToJsonString()));
        Assert.Equal(1, check.ExitCode);
        return check.Message;
    }
}
