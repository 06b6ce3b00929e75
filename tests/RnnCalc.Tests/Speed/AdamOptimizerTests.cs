using System.Text.Json;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Training;

namespace RnnCalc.Tests.Speed;

/// <summary>
/// The vectorised Adam step against PyTorch's formula written out one weight at a time, and against
/// torch.optim.Adam's own float64 steps (Fixtures/Adam, made by make_adam_fixture.py), bit for bit.
/// </summary>
public class AdamOptimizerTests
{
    [Fact]
    public void EveryStepEqualsTorchOptimAdamBitForBit()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine("Fixtures", "Adam", "adam.json")));
        var root = fixture.RootElement;
        Assert.Equal([AdamOptimizer.Beta1, AdamOptimizer.Beta2], Doubles(root.GetProperty("betas")));
        Assert.Equal(AdamOptimizer.Epsilon, root.GetProperty("eps").GetDouble());
        var learningRate = root.GetProperty("lr").GetDouble();
        // A tanh network with 2 hidden units has the fixture's 15 weights.
        var net = new RecurrentNetwork(Cell.Tanh, 2, 0, ExpKind.NumpyAvx512);
        Doubles(root.GetProperty("initial")).CopyTo(net.Weights, 0);
        var optimizer = Optimizer.Create(OptimizerKind.Adam, net.Weights.Length);
        var update = net.NewGradient();
        var step = 0;
        foreach (var expected in root.GetProperty("steps").EnumerateArray())
        {
            step++;
            // Our update is minus the gradient.
            var gradient = Doubles(expected.GetProperty("grad"));
            for (var i = 0; i < gradient.Length; i++)
            {
                update.Values[i] = -gradient[i];
            }
            Assert.True(optimizer.TryApply(net, update, learningRate));
            RandomNetworks.AssertBitwiseEqual(Doubles(expected.GetProperty("param")), net.Weights, $"step {step} param");
            RandomNetworks.AssertBitwiseEqual(Doubles(expected.GetProperty("exp_avg")), optimizer.State["mean"], $"step {step} exp_avg");
            RandomNetworks.AssertBitwiseEqual(Doubles(expected.GetProperty("exp_avg_sq")), optimizer.State["square"], $"step {step} exp_avg_sq");
        }
        Assert.Equal(25, step);
    }

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
            // PyTorch's order: step_size = α/(1 − β1^t), denom = √s/√(1 − β2^t) + ε, w += (−step_size·m)/denom.
            double stepSize = 0.01 / (1 - Math.Pow(AdamOptimizer.Beta1, step)), root = Math.Sqrt(1 - Math.Pow(AdamOptimizer.Beta2, step));
            for (var i = 0; i < expected.Length; i++)
            {
                var g = -update.Values[i];
                mean[i] = Math.FusedMultiplyAdd(g, 1 - AdamOptimizer.Beta1, AdamOptimizer.Beta1 * mean[i]);
                square[i] = Math.FusedMultiplyAdd((1 - AdamOptimizer.Beta2) * g, g, AdamOptimizer.Beta2 * square[i]);
                expected[i] += -stepSize * mean[i] / ((Math.Sqrt(square[i]) / root) + AdamOptimizer.Epsilon);
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

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
