using CsCheck;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Random;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Verification;

/// <summary>
/// The gated cells' proofs stand on these: every point of a box over the cell's whole state (an LSTM's h and c),
/// stepped by the cell's own reference step, lands in the interval image, its output in the output interval; and
/// the tanh bounds enclose Math.Tanh.
/// </summary>
public sealed class GatedIntervalSoundnessTests
{
    private static readonly Cell[] Gated = [Cell.Tanh, Cell.Gru, Cell.Lstm];

    /// <summary>A random gated network (weights up to ±scale, either exp), a random box over its state, and a pair.</summary>
    private static readonly Gen<(RecurrentNetwork Network, Box Box, int Pair, uint Seed)> Case =
        Gen.Select(Gen.UInt, Gen.Int[0, 2], Gen.Int[1, 9], Gen.Double[0.05, 8], Gen.Int[0, 3], Gen.Bool, Gen.Double[0, 0.4])
            .Select((seed, cell, hidden, scale, pair, libm, width) =>
            {
                var random = new NumpyRandom(seed);
                var network = RecurrentNetwork.Initialize(Gated[cell], random, hidden, scale, initialHidden: 0, libm ? ExpKind.Libm : ExpKind.NumpyAvx512);
                var size = network.Cell.StateSize(hidden);
                var box = new Box(size);
                for (var j = 0; j < size; j++)
                {
                    // h within [−1, 1]; an LSTM's c (the second half) may go past it.
                    var reach = j < hidden ? 1.0 : 3.0;
                    var lo = reach * ((2 * random.NextDouble()) - 1);
                    box.Lo[j] = lo;
                    box.Hi[j] = Math.Min(reach, lo + (width * random.NextDouble()));
                }
                return (network, box, pair, seed);
            });

    [Fact]
    public void Points_of_a_box_step_through_the_gates_into_the_interval_image()
    {
        Case.Sample(c => IntervalSoundnessTests.AssertIntervalImageHolds(c.Network, c.Box, c.Pair, c.Seed), iter: 400);
    }

    [Fact]
    public void Points_followed_for_several_steps_stay_in_the_stepped_boxes()
    {
        Gen.Select(Case, Gen.Int[0, 3].Array[1, 4]).Sample((c, pairs) =>
        {
            var step = new IntervalStep(c.Network);
            var box = c.Box;
            var points = IntervalSoundnessTests.Points(c.Box, c.Seed);
            foreach (var pair in pairs)
            {
                var image = new Box(box.Dimension);
                var output = step.Image(box, pair, image);
                for (var p = 0; p < points.Count; p++)
                {
                    var next = new double[box.Dimension];
                    var probability = NetworkStep.Run(c.Network, points[p], pair, next);
                    Assert.True(image.Contains(next) && output.Contains(probability), $"{c.Network.Cell.Name}: a point left the stepped box");
                    points[p] = next;
                }
                box = image;
            }
        }, iter: 200);
    }

    [Fact]
    public void Tanh_cell_points_followed_for_several_steps_stay_in_the_affine_forms()
    {
        Gen.Select(Case.Where(c => c.Network.Cell == Cell.Tanh), Gen.Int[0, 3].Array[1, 5])
            .Sample((c, pairs) => IntervalSoundnessTests.AssertAffineFormsHold(c.Network, c.Box, c.Seed, pairs), iter: 200);
    }

    [Fact]
    public void Tanh_lies_between_the_enclosing_lines()
    {
        Gen.Select(Gen.Double[-20, 20], Gen.Double[0, 10], Gen.Double[0, 1]).Sample((l, width, at) =>
        {
            var u = l + width;
            var (slope, lo, hi) = TanhLine.Enclose(l, u);
            var z = l + (at * (u - l));
            var gap = Math.Tanh(z) - (slope * z);
            Assert.True(lo <= gap && gap <= hi, $"tanh({z:R}) − λz = {gap:R} outside [{lo:R}, {hi:R}] on [{l:R}, {u:R}]");
        }, iter: 5000);
    }

    [Fact]
    public void Tanh_bounds_hold_at_and_beyond_their_point()
    {
        Gen.Select(Gen.Double[-40, 40], Gen.Double[0, 1]).Sample((z, ahead) =>
        {
            Assert.True(SoundMath.TanhLower(z) <= Math.Tanh(z + ahead), $"lower bound above tanh at {z:R}");
            Assert.True(SoundMath.TanhUpper(z) >= Math.Tanh(z - ahead), $"upper bound below tanh at {z:R}");
            Assert.True(SoundMath.TanhUpper(z) - SoundMath.TanhLower(z) < 1e-12, $"tanh bounds too loose at {z:R}");
        }, iter: 5000);
    }
}
