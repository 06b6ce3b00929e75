using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;
using RnnCalc.Random;
using RnnCalc.Training;

namespace RnnCalc.Tests.Speed;

/// <summary>Training steps allocate nothing once warmed up (their buffers are per thread and reused).</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(16, "tutorial")]
    [InlineData(17, "full")]
    [InlineData(3, "tutorial")]
    [InlineData(1, "full")]
    public void AnExactTrainingStepAllocatesNothing(int hidden, string range)
    {
        var problems = new ProblemSet(Operation.Subtract, 8, range == "full" ? TrainingRange.Full : TrainingRange.Tutorial);
        var random = new NumpyRandom(1);
        var net = RecurrentNetwork.Initialize(random, hidden);
        var seq = new BitSequence(problems.Steps);
        var run = new Unrolling(hidden, problems.Steps);
        var update = new Gradient(hidden);
        void Separate()
        {
            problems.Encode(problems.Draw(random), seq);
            ExactKernels.Forward(net, seq, run);
            ExactKernels.Backward(net, seq, run, update);
            ExactKernels.Apply(net, update, 0.9);
            update.Clear();
        }
        void Fused()
        {
            problems.Encode(problems.Draw(random), seq);
            ExactKernels.TrainStep(net, seq, run, 0.9);
        }
        foreach (var step in new Action[] { Separate, Fused })
        {
            AllocatesNothing(step);
        }
    }

    [Theory]
    [InlineData(16, "tutorial")]
    [InlineData(5, "full")]
    public void ALaneTrainingStepAllocatesNothing(int hidden, string range)
    {
        // Checks far apart, so the steps measured are updates only (a check evaluates, and allocates).
        var config = TrainingConfig.Tutorial with { Hidden = hidden, Range = range == "full" ? TrainingRange.Full : TrainingRange.Tutorial, CheckEvery = 1_000_000, UntilSolved = true, Iterations = 1_000_000 };
        var group = new LaneGroup<System.Runtime.Intrinsics.Vector256<double>, Lanes256>(config, TrainerOptions.Default with { SolvedOnly = true });
        uint[] seeds = [1, 2, 3, 4, 5];
        var next = 0;
        group.Start(seeds, () => next < seeds.Length ? next++ : -1, (_, _) => Assert.Fail("no run should stop"));
        Assert.Equal(4, group.Active);
        AllocatesNothing(group.Step);
    }

    [Theory]
    [InlineData("gru", 16)]
    [InlineData("gru", 17)]
    [InlineData("lstm", 16)]
    [InlineData("lstm", 3)]
    [InlineData("lstm", 1)]
    public void AGatedKernelStepAllocatesNothing(string cellName, int hidden)
    {
        Assert.True(RnnCalc.Network.Cells.Cell.TryParse(cellName, out var cell));
        var problems = new ProblemSet(Operation.Subtract, 8, TrainingRange.Full);
        var random = new NumpyRandom(1);
        var net = RecurrentNetwork.Initialize(cell, random, hidden, cell.DefaultInitScale(hidden), 0, ExpKind.NumpyAvx512);
        var seq = new BitSequence(problems.Steps);
        var run = net.NewUnrolling(problems.Steps);
        var update = net.NewGradient();
        var optimizer = Optimizer.Create(OptimizerKind.Adam, net.Weights.Length);
        void Step()
        {
            problems.Encode(problems.Draw(random), seq);
            CellKernels.Forward(net, seq, run);
            CellKernels.Backward(net, seq, run, update);
            optimizer.TryApply(net, update, 0.01);
            update.Clear();
        }
        AllocatesNothing(Step);
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void AFastTrainingStepAllocatesNothing(string cellName)
    {
        Assert.True(RnnCalc.Network.Cells.Cell.TryParse(cellName, out var cell));
        var trainer = new Trainer(TrainingConfig.For(cell) with { Fast = true });
        AllocatesNothing(() => trainer.Step());
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void EveryCellsTrainingUpdateAllocatesNothing(string cellName)
    {
        Assert.True(RnnCalc.Network.Cells.Cell.TryParse(cellName, out var cell));
        var trainer = new Trainer(TrainingConfig.For(cell));
        AllocatesNothing(() => trainer.Step());
    }

    /// <summary>After 50 warm-up calls (buffers grown, code compiled), 200 more allocate not a byte on this thread.</summary>
    private static void AllocatesNothing(Action step)
    {
        for (var i = 0; i < 50; i++)
        {
            step();
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            step();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
