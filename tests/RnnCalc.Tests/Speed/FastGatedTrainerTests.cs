using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Training;

namespace RnnCalc.Tests.Speed;

/// <summary>
/// The --fast step of PyTorch's cells (single precision): one update equals the reference's gradient to float
/// accuracy at both vector widths, padding units stay exactly zero, a short run follows the exact trainer, and
/// fast training still solves.
/// </summary>
public class FastGatedTrainerTests
{
    public static TheoryData<string, int, int, double> CellsHiddenLanesAndStates()
    {
        var data = new TheoryData<string, int, int, double>();
        foreach (var cell in new[] { "tanh", "gru", "lstm" })
        {
            foreach (var hidden in new[] { 1, 5, 16, 17 })
            {
                foreach (var lanes in new[] { 8, 16 })
                {
                    data.Add(cell, hidden, lanes, hidden == 5 ? 0.3 : 0);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CellsHiddenLanesAndStates))]
    public void OneSgdStepIsTheReferencesUpdateInSinglePrecision(string cellName, int hidden, int lanes, double initialHidden)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var random = new System.Random((hidden * 7) + lanes);
        var net = new RecurrentNetwork(cell, hidden, initialHidden, ExpKind.NumpyAvx512);
        RandomNetworks.Fill(random, net.Weights, 2 / Math.Sqrt(hidden));
        for (var i = 0; i < net.Weights.Length; i++)
        {
            // Both start from the same weights: the fast step holds floats.
            net.Weights[i] = (float)net.Weights[i];
        }
        var problems = ProblemSet.Tutorial;
        var steps = problems.Steps;
        var a = random.Next(128, 256);
        var b = random.Next(0, 128);
        var problem = new Problem(a, b, a - b);
        var seq = new BitSequence(steps);
        problems.Encode(problem, seq);
        var run = net.NewUnrolling(steps);
        var expected = net.NewGradient();
        Rnn.Forward(net, seq, run);
        Rnn.Backward(net, seq, run, expected);

        var fast = new FastGatedUpdate(net, OptimizerKind.Sgd, 1.0, steps, lanes);
        var error = fast.Learn(problem, steps);
        var context = $"{cell} H={hidden} lanes={lanes} h0={initialHidden}";
        Assert.True(Math.Abs(error - run.Error) <= 1e-5 * Math.Max(1, run.Error), $"{context}: error {error} vs {run.Error}");
        for (var t = 0; t < steps; t++)
        {
            Assert.True(Math.Abs(fast.Outputs[t] - run.Outputs[t]) <= 1e-5, $"{context}: output {t}");
        }
        var after = net.Clone();
        fast.CopyTo(after);
        foreach (var tensor in net.Table.Tensors)
        {
            var reference = expected.Tensor(tensor.Name);
            var largest = 0.0;
            foreach (var value in reference)
            {
                largest = Math.Max(largest, Math.Abs(value));
            }
            var before = net.Tensor(tensor.Name);
            var now = after.Tensor(tensor.Name);
            for (var i = 0; i < reference.Length; i++)
            {
                var step = now[i] - before[i];
                Assert.True(Math.Abs(step - reference[i]) <= (1e-4 * largest) + 1e-6, $"{context}: {tensor.Name}[{i}] moved {step}, the reference's update is {reference[i]}");
            }
        }
        // Every weight of the table sits once in the fast buffer, so its padding holds nothing iff the sums agree.
        var inBuffer = 0.0;
        foreach (var w in fast.Weights)
        {
            inBuffer += Math.Abs(w);
        }
        var inTable = 0.0;
        foreach (var w in after.Weights)
        {
            inTable += Math.Abs(w);
        }
        Assert.True(Math.Abs(inBuffer - inTable) <= 1e-9 * inTable, $"{context}: padding holds {inBuffer - inTable}");
    }

    [Theory]
    [InlineData("gru", "adam")]
    [InlineData("lstm", "adam")]
    [InlineData("tanh", "adam")]
    [InlineData("gru", "momentum")]
    [InlineData("lstm", "sgd")]
    public void AShortFastRunFollowsTheExactOne(string cellName, string optimizer)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        Assert.True(RnnCalc.Training.Settings.SettingNames.TryOptimizer(optimizer, out var kind));
        var config = TrainingConfig.For(cell) with { Iterations = 50, Optimizer = kind, LearningRate = kind == OptimizerKind.Adam ? 0.01 : 0.1 };
        var fast = new Trainer(config with { Fast = true }).Run().Network;
        var exact = new Trainer(config).Run().Network;
        var moved = 0.0;
        var apart = 0.0;
        var initial = new Trainer(config with { Iterations = 0 }).Run().Network;
        for (var i = 0; i < exact.Weights.Length; i++)
        {
            moved = Math.Max(moved, Math.Abs(exact.Weights[i] - initial.Weights[i]));
            apart = Math.Max(apart, Math.Abs(fast.Weights[i] - exact.Weights[i]));
        }
        // The runs moved the weights by `moved`; single precision keeps them within a thousandth of that.
        Assert.True(moved > 0.01, $"moved only {moved}");
        Assert.True(apart <= 1e-3 * moved, $"{cell} {optimizer}: {apart} apart after weights moved {moved}");
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void FastTrainingWithTheCellsDefaultsSolves(string cellName)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var model = new Trainer(TrainingConfig.For(cell) with { Fast = true, UntilSolved = true }).Run();
        Assert.NotNull(model.Training.SolvedAt);
        Assert.True(model.Config.Fast);
        Assert.True(Evaluator.Exhaustive(model.Network, ProblemSet.Tutorial).AllCorrect);
    }

    [Fact]
    public void TheFastStepRefusesOnlyWhatItCannotTrain()
    {
        Assert.Empty(Trainer.FastRefusals(TrainingConfig.For(Cell.Lstm)));
        Assert.Empty(Trainer.FastRefusals(TrainingConfig.For(Cell.Gru) with { Optimizer = OptimizerKind.Momentum }));
        Assert.Empty(Trainer.FastRefusals(TrainingConfig.Tutorial));
        Assert.Equal(["optimizer"], Trainer.FastRefusals(TrainingConfig.Tutorial with { Optimizer = OptimizerKind.Adam }).Select(s => s.Name));
        Assert.Equal(["batch", "clip", "until-proven"], Trainer.FastRefusals(TrainingConfig.For(Cell.Tanh) with { Batch = 2, Clip = 1, UntilProven = true }).Select(s => s.Name));
        Assert.Throws<ArgumentException>(() => new Trainer(TrainingConfig.For(Cell.Gru) with { Fast = true, Batch = 3 }));
    }
}

/// <summary>The fast step's padding and its stops: what the float buffers hold beyond the real units, and a run that blows up.</summary>
public class FastGatedPaddingTests
{
    [Theory]
    [InlineData("tanh", 5, 8)]
    [InlineData("gru", 5, 16)]
    [InlineData("gru", 17, 8)]
    [InlineData("lstm", 5, 8)]
    [InlineData("lstm", 17, 16)]
    public void PaddingStaysExactlyZeroThroughAdamOnThirteenSteps(string cellName, int hidden, int lanes)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var random = new System.Random(hidden + lanes);
        var net = new RecurrentNetwork(cell, hidden, 0.3, ExpKind.NumpyAvx512);
        RandomNetworks.Fill(random, net.Weights, 1 / Math.Sqrt(hidden));
        var problems = new ProblemSet(Operation.Subtract, 12, TrainingRange.Full);
        var steps = problems.Steps;
        var fast = new FastGatedUpdate(net, OptimizerKind.Adam, 0.01, steps, lanes);
        var seq = new BitSequence(steps);
        var run = net.NewUnrolling(steps);
        for (var update = 0; update < 30; update++)
        {
            var a = random.Next(0, 4096);
            var b = random.Next(0, 4096);
            var problem = new Problem(a, b, (a - b) & 0x1FFF);
            if (update == 0)
            {
                // 13 outputs span two float vectors at 8 lanes: every one is the reference's.
                problems.Encode(problem, seq);
                Rnn.Forward(net, seq, run);
            }
            Assert.True(double.IsFinite(fast.Learn(problem, steps)));
            for (var t = 0; update == 0 && t < steps; t++)
            {
                Assert.True(Math.Abs(fast.Outputs[t] - run.Outputs[t]) <= 1e-5, $"output {t}: {fast.Outputs[t]} vs {run.Outputs[t]}");
            }
        }
        var padded = 0;
        for (var i = 0; i < fast.Weights.Length; i++)
        {
            if (IsPadding(fast, i))
            {
                padded++;
                Assert.Equal(0f, fast.Weights[i]);
                Assert.Equal(0f, fast.First[i]);
                Assert.Equal(0f, fast.Second[i]);
                Assert.Equal(0f, fast.Update[i]);
            }
            else
            {
                Assert.NotEqual(0f, fast.First[i]);
            }
        }
        Assert.Equal(fast.Weights.Length - net.Weights.Length, padded);
        for (var i = 0; i < fast.Recurrent.Length; i++)
        {
            var row = i / fast.Padded;
            var k = i % fast.Padded;
            if (k >= hidden || row % fast.Padded >= hidden)
            {
                Assert.Equal(0f, fast.Recurrent[i]);
            }
        }
    }

    [Fact]
    public void ARunThatBlowsUpStopsAsDivergedAndKeepsFiniteWeights()
    {
        var config = TrainingConfig.For(Cell.Gru) with { Fast = true, Optimizer = OptimizerKind.Sgd, LearningRate = 1e39, Iterations = 1_000 };
        var model = new Trainer(config).Run();
        Assert.True(model.Training.Diverged);
        Assert.True(model.Training.Updates < 1_000);
        Assert.All(model.Network.Weights, w => Assert.True(double.IsFinite(w)));
    }

    /// <summary>Whether buffer index i holds no weight of the table (see <see cref="FastGatedUpdate"/>'s layout).</summary>
    private static bool IsPadding(FastGatedUpdate u, int i)
    {
        var rows = u.Rows;
        var h = u.Hidden;
        if (i < u.WeightHhT)
        {
            return i % rows % u.Padded >= h;
        }
        if (i < u.OutWeight)
        {
            var at = i - u.WeightHhT;
            return at / rows >= h || at % rows % u.Padded >= h;
        }
        return i < u.OutBias ? i - u.OutWeight >= h : i > u.OutBias;
    }
}
