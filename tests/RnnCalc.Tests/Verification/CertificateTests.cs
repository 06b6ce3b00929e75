using System.Text.Json.Nodes;
using CsCheck;
using RnnCalc.Arithmetic;
using RnnCalc.Checker;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

public sealed class CertificateTests
{
    private static readonly Lazy<byte[]> SubtractCertificate = new(() => CertificateOf(DefaultModels.Subtract));

    public static TheoryData<string, uint, bool> Networks => new()
    {
        { "subtract", 0, false },
        { "add", 0, false },
        { "subtract", 1, false },
        { "subtract", 3, false },
        { "subtract", 11, false },
        { "subtract", 3, true },
        { "subtract", 11, true },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_checker_accepts_every_certificate_verify_writes(string operation, uint seed, bool untilSolved)
    {
        Assert.True(Operation.TryParse(operation, out var op));
        var model = new Trainer(DefaultModel.Config(op) with { Seed = seed, UntilSolved = untilSolved }).Run();
        var result = Verifier.Verify(model.Network, op);
        Assert.True(result.Proven, result.Reason);

        var check = CertificateChecker.Check(CertificateFile.Serialize(model, result));

        Assert.True(check.Accepted, check.Message);
        Assert.Equal(result.AbstractStates, check.Regions);
        Assert.Equal(4 * check.Regions, check.Transitions);
    }

    [Fact]
    public void The_certificate_holds_the_model_exactly_as_save_writes_it()
    {
        var certificate = JsonNode.Parse(SubtractCertificate.Value)!;
        var saved = JsonNode.Parse(RnnCalc.Persistence.ModelFile.Serialize(DefaultModels.Subtract));

        Assert.True(JsonNode.DeepEquals(saved, certificate["model"]));
        Assert.Equal("rnncalc-certificate", (string?)certificate["format"]);
    }

    [Fact]
    public void A_flipped_output_bit_is_rejected_by_the_reference_machine()
    {
        var expected = string.Empty;
        var rejected = Mutated(c =>
        {
            var t = c["transitions"]![5]!;
            t["output"] = 1 - (int)t["output"]!;
            expected = $"transition 5 (region {(int)t["from"]!}, input {(string)t["input"]!}) emits {(int)t["output"]!} and";
        });

        Assert.StartsWith(expected, rejected, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_that_emits_every_bit_flipped_is_rejected_by_the_arithmetic()
    {
        // Negated output weights flip every bit the network emits, while the certificate's claims still agree with the
        // reference machine: only the numeric output obligation can see it.
        var rejected = Mutated(c =>
        {
            foreach (var row in c["model"]!["weights"]!["output"]!.AsArray())
            {
                row![0] = -(double)row[0]!;
            }
        });

        Assert.Matches(@"^transition \d+ \(region \d+, input [01]{2}\): the output is not certainly [01]$", rejected);
    }

    [Fact]
    public void Output_weights_too_small_to_decide_a_bit_are_rejected()
    {
        var rejected = Mutated(c =>
        {
            foreach (var row in c["model"]!["weights"]!["output"]!.AsArray())
            {
                row![0] = 1e-15 * (double)row[0]!;
            }
        });

        Assert.Contains("the output is not certainly", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_scaled_by_one_and_a_half_are_rejected()
    {
        var rejected = Mutated(c =>
        {
            foreach (var matrix in new[] { "input", "recurrent", "output" })
            {
                foreach (var row in c["model"]!["weights"]![matrix]!.AsArray())
                {
                    var values = row!.AsArray();
                    for (var i = 0; i < values.Count; i++)
                    {
                        values[i] = 1.5 * (double)values[i]!;
                    }
                }
            }
        });

        Assert.Matches(@"^transition \d+ \(region \d+, input [01]{2}\): the image leaves region \d+ in unit \d+$", rejected);
    }

    [Fact]
    public void A_removed_region_is_rejected()
    {
        var removed = -1;
        var rejected = Mutated(c =>
        {
            var regions = c["regions"]!.AsArray();
            removed = regions.Count - 1;
            regions.RemoveAt(removed);
        });

        // Its transitions are still there: they leave (or lead to) a region that no longer exists.
        Assert.Contains($"region {removed}, which does not exist", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_transitions_on_one_input_are_an_obligation_that_fails_not_an_unreadable_file()
    {
        var rejected = Mutated(c => c["transitions"]!.AsArray().Add(c["transitions"]![0]!.DeepClone()));

        Assert.Contains("has two transitions on input", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_region_that_its_transition_does_not_lead_to_is_rejected()
    {
        var expected = string.Empty;
        var rejected = Mutated(c =>
        {
            var regions = c["regions"]!.AsArray();
            var image = regions.First(r => r!["from"] is not null)!;
            var other = (string)image["input"]! == "00" ? "11" : "00";
            image["input"] = other;
            expected = $"region {regions.IndexOf(image)} is the image of region {(int)image["from"]!} under {other}, but that transition does not go there";
        });

        Assert.Equal(expected, rejected);
    }

    [Fact]
    public void A_shrunk_region_is_rejected()
    {
        var target = -1;
        var rejected = Mutated(c =>
        {
            // The box most transitions land in, shrunk to its middle half in every unit.
            var regions = c["regions"]!.AsArray();
            target = BusiestBox(c);
            var (lower, upper) = (regions[target]!["lower"]!.AsArray(), regions[target]!["upper"]!.AsArray());
            for (var j = 0; j < lower.Count; j++)
            {
                var (lo, hi) = ((double)lower[j]!, (double)upper[j]!);
                (lower[j], upper[j]) = (lo + ((hi - lo) / 4), hi - ((hi - lo) / 4));
            }
        });

        // A smaller box only tightens the images that start from it: the first failure is an image that leaves it.
        Assert.Contains($"the image leaves region {target} in unit", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initial_state_outside_the_initial_region_is_rejected()
    {
        var rejected = Mutated(c => c["model"]!["config"]!["initialHidden"] = 0.2);

        Assert.Contains("initial state", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initial_hidden_value_outside_0_1_is_rejected_even_inside_its_region()
    {
        // The rounding bounds assume every state in [0, 1]; a start at 2 would break them.
        var rejected = Mutated(c =>
        {
            c["model"]!["config"]!["initialHidden"] = 2.0;
            var start = c["regions"]![0]!;
            start["upper"] = new JsonArray([.. start["upper"]!.AsArray().Select(_ => (JsonNode)2.5)]);
        });

        Assert.Contains("not in [0, 1]", rejected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"format\": 3")]
    [InlineData("{\"format\": \"rnncalc-model\", \"version\": 1}")]
    [InlineData("{\"format\": \"rnncalc-certificate\", \"version\": 1, \"model\": {\"format\": \"rnncalc-model\", \"version\": 9}}")]
    public void An_unreadable_certificate_exits_2(string text)
    {
        var check = CertificateChecker.Check(System.Text.Encoding.UTF8.GetBytes(text));

        Assert.Equal(2, check.ExitCode);
        Assert.StartsWith("not a readable certificate", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checkers_sigmoid_bounds_are_tight_and_hold_the_true_value()
    {
        Gen.Double[-60, 60].Sample(x =>
        {
            var point = Dyadic.Floor(x);
            var (lo, hi) = SigmoidEnclosure.Sigmoid(point);
            // The reference value in double carries its own error of a few 1e-16; the bounds must be within 2^−40 of each other.
            var one = (double)Dyadic.One;
            var exact = 1 / (1 + Math.Exp(-(double)point / one));
            Assert.True(lo <= hi && hi - lo < (1L << 10), $"σ({x:R}) bounds [{lo}, {hi}] are {hi - lo} units apart");
            Assert.True((double)lo / one <= exact + 1e-15 && exact - 1e-15 <= (double)hi / one, $"σ({x:R}) = {exact:R} outside [{lo}, {hi}]");
        }, iter: 2000);
    }

    [Fact]
    public void Dyadic_rounding_brackets_every_double()
    {
        Gen.Double[-1000, 1000].Sample(x =>
        {
            var (floor, ceiling) = (Dyadic.Floor(x), Dyadic.Ceiling(x));
            Assert.True(floor <= ceiling && ceiling - floor <= 1);
            Assert.True(Compare(floor, x) <= 0 && Compare(ceiling, x) >= 0, $"{x:R} not inside [{floor}, {ceiling}]·2^−50");
        }, iter: 2000);
    }

    /// <summary>The sign of d·2^−50 − x, exactly (x = m·2^e with an integer m).</summary>
    private static int Compare(System.Numerics.BigInteger d, double x)
    {
        if (x == 0)
        {
            return d.CompareTo(0);
        }
        var e = Math.ILogB(x) - 52;
        var m = new System.Numerics.BigInteger(Math.ScaleB(x, -e));
        var shift = e + Dyadic.Bits;
        return shift >= 0 ? d.CompareTo(m << shift) : (d << -shift).CompareTo(m);
    }

    private static string Mutated(Action<JsonNode> mutate)
    {
        var certificate = JsonNode.Parse(SubtractCertificate.Value)!;
        mutate(certificate);
        var check = CertificateChecker.Check(System.Text.Encoding.UTF8.GetBytes(certificate.ToJsonString()));
        Assert.Equal(1, check.ExitCode);
        return check.Message;
    }

    private static byte[] CertificateOf(TrainedModel model)
    {
        var result = Verifier.Verify(model.Network, model.Config.Operation);
        Assert.True(result.Proven, result.Reason);
        return CertificateFile.Serialize(model, result);
    }

    /// <summary>The box region most transitions land in (a mutation of it is seen by the most obligations).</summary>
    internal static int BusiestBox(JsonNode certificate)
    {
        var regions = certificate["regions"]!.AsArray();
        return certificate["transitions"]!.AsArray()
            .Select(t => (int)t!["to"]!)
            .Where(r => regions[r]!["lower"] is not null)
            .GroupBy(r => r)
            .OrderByDescending(g => g.Count())
            .First().Key;
    }
}
