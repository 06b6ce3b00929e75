using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Random;

namespace RnnCalc.Tests.Network;

/// <summary>min-char-rnn's gradient check: BPTT's update must be minus the finite-difference gradient of ½Σ(y − out)².</summary>
public class GradientCheckTests
{
    [Theory]
    [InlineData("sigmoid", 1, 11u)]
    [InlineData("sigmoid", 3, 12u)]
    [InlineData("sigmoid", 16, 13u)]
    [InlineData("sigmoid", 16, 14u)]
    [InlineData("tanh", 1, 21u)]
    [InlineData("tanh", 5, 22u)]
    [InlineData("gru", 1, 31u)]
    [InlineData("gru", 5, 32u)]
    [InlineData("lstm", 1, 41u)]
    [InlineData("lstm", 5, 42u)]
    public void BackwardEqualsMinusTheFiniteDifferenceGradient(string cellName, int hidden, uint seed)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var random = new NumpyRandom(seed);
        // Larger weights than the tutorial's start, so every gradient is far from zero and the check has teeth.
        var net = RecurrentNetwork.Initialize(cell, random, hidden, 1.5, 0.3, ExpKind.NumpyAvx512);
        var sequence = RandomSequence(random, 9);
        var run = net.NewUnrolling(sequence.Length);
        var update = net.NewGradient();
        Rnn.Forward(net, sequence, run);
        Rnn.Backward(net, sequence, run, update);

        // Every weight of the flat buffer, whatever tensor it belongs to. The difference quotient's rounding error is
        // about ε·loss/step ≈ 1e-12, so gradients below 1e-4 are compared on that absolute scale.
        var worst = 0.0;
        for (var k = 0; k < net.Weights.Length; k++)
        {
            var numeric = -NumericGradient(net, sequence, run, net.Weights, k);
            var analytic = update.Values[k];
            var error = Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), 1e-4);
            worst = Math.Max(worst, error);
        }
        Assert.True(worst < 1e-6, $"{cell}: largest relative error between BPTT and finite differences: {worst:E3}");
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
        var k = net.Table["recurrent"].Offset + 4;
        var numeric = -NumericGradient(net, sequence, run, net.Weights, k);
        Assert.NotEqual(numeric, update.Values[k] * 0.5, 6);
        Assert.Equal(numeric, update.Values[k], 6);
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
