using System.Text.Json.Nodes;
using RnnCalc.Arithmetic;
using RnnCalc.Checker;
using RnnCalc.Evaluation;
using RnnCalc.Random;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

public sealed class RobustnessTests
{
    private static readonly Lazy<(VerificationResult Proof, Robustness Robustness)> Default = new(() =>
    {
        var network = DefaultModels.Subtract.Network;
        var proof = Verifier.Verify(network, Operation.Subtract);
        return (proof, Robustness.Certify(network, proof)!);
    });

    [Fact]
    public void The_default_network_has_a_radius_the_checker_accepts_and_ten_times_it_is_rejected()
    {
        var (proof, robustness) = Default.Value;
        Assert.True(robustness.Radius >= Robustness.SmallestRadius);
        var certificate = CertificateFile.Serialize(DefaultModels.Subtract, proof, robustness);

        var accepted = CertificateChecker.Check(certificate);
        var node = JsonNode.Parse(certificate)!;
        node["weightRadius"] = 10 * robustness.Radius;
        var rejected = CertificateChecker.Check(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));

        Assert.True(accepted.Accepted, accepted.Message);
        Assert.Equal(robustness.Radius, accepted.WeightRadius);
        Assert.Equal(1, rejected.ExitCode);
    }

    [Fact]
    public void Networks_moved_to_the_corners_of_the_radius_are_right_on_every_8_bit_pair()
    {
        var radius = Default.Value.Robustness.Radius;
        var problems = new ProblemSet(Operation.Subtract, 8, TrainingRange.Tutorial);
        for (var k = 0; k < 4; k++)
        {
            // Every weight pushed to +radius or −radius at random: the extremes of the certified set.
            var network = DefaultModels.Subtract.Network.Clone();
            var random = new NumpyRandom((uint)k);
            foreach (var name in new[] { "input", "recurrent", "output" })
            {
                var weights = network.Tensor(name);
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] += random.NextDouble() < 0.5 ? -radius : radius;
                }
            }

            Assert.True(Evaluator.Exhaustive(network, problems).AllCorrect);
        }
    }
}
