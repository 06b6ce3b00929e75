using RnnCalc.Network;
using RnnCalc.Random;

namespace RnnCalc.Tests.Network;

/// <summary>min-char-rnn's gradient check: BPTT's update must be minus the finite-difference gradient of ½Σ(y − out)².</summary>
public class GradientCheckTests
{
    [Theory]
    [InlineData(1, 11u)]
    [InlineData(3, 12u)]
    [InlineData(16, 13u)]
    [InlineData(16, 14u)]
    public void BackwardEqualsMinusTheFiniteDifferenceGradient(int hidden, uint seed)
    {
        var random = new NumpyRandom(seed);
        // Larger weights than the tutorial's start, so every gradient is far from zero and the check has teeth.
        var net = RecurrentNetwork.Initialize(random, hidden, scale: 1.5);
        var sequence = RandomSequence(random, 9);
        var run = new Unrolling(hidden, sequence.Length);
        var update = new Gradient(hidden);
        Rnn.Forward(net, sequence, run);
        Rnn.Backward(net, sequence, run, update);

        var worst = 0.0;
        foreach (var (weights, analytic) in new[] { (net.Input, update.Input), (net.Recurrent, update.Recurrent), (net.Output, update.Output) })
        {
            for (var k = 0; k < weights.Length; k++)
            {
                var numeric = -NumericGradient(net, sequence, run, weights, k);
                var error = Math.Abs(analytic[k] - numeric) / Math.Max(Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)), 1e-6);
                worst = Math.Max(worst, error);
            }
        }
        Assert.True(worst < 1e-6, $"largest relative error between BPTT and finite differences: {worst:E3}");
    }

    [Fact]
    public void TheCheckNoticesAWrongGradient()
    {
        var random = new NumpyRandom(5);
        var net = RecurrentNetwork.Initialize(random, 3, scale: 1.5);
        var sequence = RandomSequence(random, 6);
        var run = new Unrolling(3, sequence.Length);
        var update = new Gradient(3);
        Rnn.Forward(net, sequence, run);
        Rnn.Backward(net, sequence, run, update);
        // Backward but one step short of the full unroll must disagree with the finite differences.
        var numeric = -NumericGradient(net, sequence, run, net.Recurrent, 4);
        Assert.NotEqual(numeric, update.Recurrent[4] * 0.5, 6);
        Assert.Equal(numeric, update.Recurrent[4], 6);
    }

    /// <summary>Five-point central difference: truncation error O(h⁴), so rounding, not the formula, limits it.</summary>
    private static double NumericGradient(RecurrentNetwork net, BitSequence sequence, Unrolling run, double[] weights, int k)
    {
        const double step = 1e-4;
        var original = weights[k];
        double At(double offset)
        {
            weights[k] = original + offset;
            return Loss(net, sequence, run);
        }
        var gradient = ((8 * (At(step) - At(-step))) - (At(2 * step) - At(-2 * step))) / (12 * step);
        weights[k] = original;
        return gradient;
    }

    private static double Loss(RecurrentNetwork net, BitSequence sequence, Unrolling run)
    {
        Rnn.Forward(net, sequence, run);
        var loss = 0.0;
        for (var t = 0; t < sequence.Length; t++)
        {
            var e = sequence.Target[t] - run.Outputs[t];
            loss += 0.5 * e * e;
        }
        return loss;
    }

    private static BitSequence RandomSequence(NumpyRandom random, int length)
    {
        var sequence = new BitSequence(length);
        sequence.SetLength(length);
        for (var t = 0; t < length; t++)
        {
            sequence.A[t] = (byte)random.NextInt(2);
            sequence.B[t] = (byte)random.NextInt(2);
            sequence.Target[t] = (byte)random.NextInt(2);
        }
        return sequence;
    }
}
