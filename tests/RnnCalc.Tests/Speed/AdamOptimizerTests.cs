using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Training;

namespace RnnCalc.Tests.Speed;

/// <summary>The vectorised Adam step against Adam's formula written out one weight at a time, bit for bit.</summary>
public class AdamOptimizerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    public void EveryWeightEqualsTheScalarFormula(int hidden)
    {
        var random = new System.Random(hidden);
        var net = new RecurrentNetwork(Cell.Gru, hidden, 0, ExpKind.NumpyAvx512);
        RandomNetworks.Fill(random, net.Weights, 1);
        var expected = (double[])net.Weights.Clone();
        var mean = new double[expected.Length];
        var square = new double[expected.Length];
        var optimizer = Optimizer.Create(OptimizerKind.Adam, net.Weights.Length);
        var update = net.NewGradient();
        for (var step = 1; step <= 20; step++)
        {
            RandomNetworks.Fill(random, update.Values, step % 5 == 0 ? 1e-9 : 3);
            Assert.True(optimizer.TryApply(net, update, 0.01));
            double c1 = 1 - Math.Pow(AdamOptimizer.Beta1, step), c2 = 1 - Math.Pow(AdamOptimizer.Beta2, step);
            for (var i = 0; i < expected.Length; i++)
            {
                var g = -update.Values[i];
                mean[i] = (AdamOptimizer.Beta1 * mean[i]) + ((1 - AdamOptimizer.Beta1) * g);
                square[i] = (AdamOptimizer.Beta2 * square[i]) + ((1 - AdamOptimizer.Beta2) * g * g);
                expected[i] -= 0.01 * (mean[i] / c1) / (Math.Sqrt(square[i] / c2) + AdamOptimizer.Epsilon);
            }
            RandomNetworks.AssertBitwiseEqual(expected, net.Weights, $"H={hidden} step {step} weights");
            RandomNetworks.AssertBitwiseEqual(mean, optimizer.State["mean"], $"H={hidden} step {step} m");
            RandomNetworks.AssertBitwiseEqual(square, optimizer.State["square"], $"H={hidden} step {step} s");
        }
    }

    [Fact]
    public void AnUpdatePastTheLimitChangesNothingWhereverTheWeightIs()
    {
        foreach (var at in new[] { 0, 5, 976 })
        {
            var net = new RecurrentNetwork(Cell.Gru, 16, 0, ExpKind.NumpyAvx512);
            var optimizer = new AdamOptimizer(net.Weights.Length) { WeightLimit = 0.5 };
            var update = net.NewGradient();
            update.Values.AsSpan().Fill(1e-3);
            net.Weights[at] = 0.495;
            var before = (double[])net.Weights.Clone();
            Assert.False(optimizer.TryApply(net, update, 0.01));
            Assert.Equal(before, net.Weights);
            Assert.All(optimizer.State["mean"], m => Assert.Equal(0, m));
            Assert.Equal(0, optimizer.Steps);
        }
    }
}
