using CsCheck;
using RnnCalc.Network;
using RnnCalc.Random;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

/// <summary>
/// The proof stands on these enclosures: every point of a box, stepped exactly as the network computes, lands in the
/// image box (interval arithmetic) and in the bounds of the affine form, and its output in the output interval.
/// </summary>
public sealed class IntervalSoundnessTests
{
    /// <summary>A random network (weights up to ±scale, either exp), a random box in it, and a pair.</summary>
    private static readonly Gen<(RecurrentNetwork Network, Box Box, int Pair, uint Seed)> Case =
        Gen.Select(Gen.UInt, Gen.Int[1, 10], Gen.Double[0.05, 12], Gen.Int[0, 3], Gen.Bool, Gen.Double[0, 0.3])
            .Select((seed, hidden, scale, pair, libm, width) =>
            {
                var random = new NumpyRandom(seed);
                var network = RecurrentNetwork.Initialize(random, hidden, scale, initialHidden: 0.1, exp: libm ? ExpKind.Libm : ExpKind.NumpyAvx512);
                var box = new Box(hidden);
                for (var j = 0; j < hidden; j++)
                {
                    var lo = random.NextDouble();
                    box.Lo[j] = lo;
                    box.Hi[j] = Math.Min(1, lo + (width * random.NextDouble()));
                }
                return (network, box, pair, seed);
            });

    [Fact]
    public void Points_of_a_box_step_into_the_interval_image()
    {
        Case.Sample(c => AssertIntervalImageHolds(c.Network, c.Box, c.Pair, c.Seed), iter: 300);
    }

    /// <summary>Points of the box, stepped by the network, land in the interval image and the output interval.</summary>
    internal static void AssertIntervalImageHolds(RecurrentNetwork network, Box box, int pair, uint seed)
    {
        var step = new IntervalStep(network);
        var image = new Box(box.Dimension);
        var output = step.Image(box, pair, image);
        foreach (var point in Points(box, seed))
        {
            var next = new double[box.Dimension];
            var probability = NetworkStep.Run(network, point, pair, next);
            Assert.True(image.Contains(next), $"a stepped {network.Cell.Name} point left the image box");
            Assert.True(output.Contains(probability), $"{network.Cell.Name} output {probability:R} outside {output}");
        }
    }

    [Fact]
    public void Points_followed_for_several_steps_stay_in_the_affine_forms()
    {
        Gen.Select(Case, Gen.Int[0, 3].Array[1, 4]).Sample((c, pairs) => AssertAffineFormsHold(c.Network, c.Box, c.Seed, [c.Pair, .. pairs]), iter: 200);
    }

    /// <summary>Points of the box, stepped by the network along the pairs, stay in the affine forms' bounds and outputs.</summary>
    internal static void AssertAffineFormsHold(RecurrentNetwork network, Box box, uint seed, int[] pairs)
    {
        var zonotope = Zonotope.FromBox(box);
        var points = Points(box, seed);
        foreach (var pair in pairs)
        {
            var (image, output) = zonotope.Step(network, pair);
            var bounds = image.Bounds();
            for (var p = 0; p < points.Count; p++)
            {
                var next = new double[box.Dimension];
                var probability = NetworkStep.Run(network, points[p], pair, next);
                Assert.True(bounds.Contains(next), $"a stepped {network.Cell.Name} point left the affine form's bounds");
                Assert.True(output.Contains(probability), $"output {probability:R} outside {output}");
                points[p] = next;
            }
            zonotope = image;
        }
    }

    [Fact]
    public void Points_followed_through_the_reused_lookahead_levels_stay_in_them()
    {
        // Past four steps each level folds its smallest generators in place; the levels are reused from box to box.
        Gen.Select(Case, Gen.Int[0, 3].Array[5, 9]).Sample((c, pairs) => AssertLookaheadHolds(c.Network, c.Box, c.Seed, [c.Pair, .. pairs]), iter: 60);
    }

    /// <summary>Points of the box, stepped by the network along the pairs, stay in the lookahead's bounds and outputs, after it was used once from another box.</summary>
    internal static void AssertLookaheadHolds(RecurrentNetwork network, Box box, uint seed, int[] pairs)
    {
        var lookahead = AffineLookahead.For(AffineCell.Of(network)!, 0);
        var other = box.Clone();
        other.Pad(0.2);
        ILookaheadForm form = lookahead.Load(other);
        foreach (var pair in pairs)
        {
            form = form.Step(pair).Image;
        }
        form = lookahead.Load(box);
        var points = Points(box, seed);
        foreach (var pair in pairs)
        {
            var (image, output) = form.Step(pair);
            var bounds = image.Bounds();
            for (var p = 0; p < points.Count; p++)
            {
                var next = new double[box.Dimension];
                var probability = NetworkStep.Run(network, points[p], pair, next);
                Assert.True(bounds.Contains(next), $"a stepped {network.Cell.Name} point left the lookahead's bounds");
                Assert.True(output.Contains(probability), $"output {probability:R} outside {output}");
                points[p] = next;
            }
            form = image;
        }
    }

    [Fact]
    public void Reducing_keeps_the_largest_generators_in_their_order_and_folds_the_rest_into_the_errors()
    {
        Gen.Select(Case, Gen.Int[0, 3].Array[2, 4], Gen.Int[1, 3]).Sample((c, pairs, keptPerUnit) =>
        {
            var form = Zonotope.FromBox(c.Box);
            foreach (var pair in pairs)
            {
                form = form.Step(c.Network, pair).Image;
            }
            var (n, m, keep) = (form.Hidden, form.Generators, keptPerUnit * form.Hidden);
            var matrix = form.Matrix.AsSpan(0, n * m).ToArray();
            var error = (double[])form.Error.Clone();
            // The reference: columns ranked by Σ|coefficient| (ties by position), the first `keep` kept in place order.
            var size = Enumerable.Range(0, m).Select(k => Enumerable.Range(0, n).Sum(j => Math.Abs(matrix[(j * m) + k]))).ToArray();
            var kept = Enumerable.Range(0, m).OrderByDescending(k => size[k]).ThenBy(k => k).Take(keep).Order().ToArray();
            form.Reduce(keep);
            Assert.Equal(keep, form.Generators);
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(kept.Select(k => matrix[(j * m) + k]), form.Matrix.AsSpan(j * keep, keep).ToArray());
                var folded = error[j] + Enumerable.Range(0, m).Except(kept).Sum(k => Math.Abs(matrix[(j * m) + k]));
                Assert.InRange(form.Error[j], folded * (1 - 1e-12), folded * (1 + 1e-9) + 1e-300);
                Assert.True(form.Error[j] >= error[j]);
            }
        }, iter: 100);
    }

    [Fact]
    public void The_sigmoid_lies_between_the_enclosing_lines()
    {
        Gen.Select(Gen.Double[-40, 40], Gen.Double[0, 20], Gen.Double[0, 1]).Sample((l, width, at) =>
        {
            var u = l + width;
            var (slope, lo, hi) = SigmoidLine.Enclose(l, u);
            var z = l + (at * (u - l));
            foreach (var exp in new[] { ExpKind.NumpyAvx512, ExpKind.Libm })
            {
                var gap = Rnn.Sigmoid(z, exp) - (slope * z);
                Assert.True(lo <= gap && gap <= hi, $"σ({z:R}) − λz = {gap:R} outside [{lo:R}, {hi:R}] on [{l:R}, {u:R}]");
            }
        }, iter: 5000);
    }

    [Fact]
    public void Sigmoid_bounds_hold_for_both_exps_at_and_beyond_their_point()
    {
        Gen.Select(Gen.Double[-800, 800], Gen.Double[0, 1]).Sample((z, ahead) =>
        {
            foreach (var exp in new[] { ExpKind.NumpyAvx512, ExpKind.Libm })
            {
                Assert.True(SoundMath.SigmoidLower(z) <= Rnn.Sigmoid(z + ahead, exp));
                Assert.True(SoundMath.SigmoidUpper(z) >= Rnn.Sigmoid(z - ahead, exp));
            }
        }, iter: 5000);
    }

    /// <summary>The box's corners (a few), its centre, and random points inside it.</summary>
    internal static List<double[]> Points(Box box, uint seed)
    {
        var random = new NumpyRandom(seed ^ 0x9E3779B9);
        var n = box.Dimension;
        var points = new List<double[]>();
        for (var k = 0; k < 24; k++)
        {
            var point = new double[n];
            for (var j = 0; j < n; j++)
            {
                point[j] = k switch
                {
                    0 => box.Lo[j],
                    1 => box.Hi[j],
                    2 => (box.Lo[j] + box.Hi[j]) / 2,
                    < 8 => random.NextDouble() < 0.5 ? box.Lo[j] : box.Hi[j],
                    _ => box.Lo[j] + (random.NextDouble() * (box.Hi[j] - box.Lo[j])),
                };
            }
            points.Add(point);
        }
        return points;
    }
}
