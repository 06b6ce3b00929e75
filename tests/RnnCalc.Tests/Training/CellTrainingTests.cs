using System.Numerics;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network.Cells;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Training;

/// <summary>Every cell through the one seam: trained with its documented defaults, it solves, calculates and is checked.</summary>
public class CellTrainingTests
{
    public static TheoryData<string> PyTorchCells() => ["tanh", "gru", "lstm"];

    [Theory]
    [MemberData(nameof(PyTorchCells))]
    public void WithItsDefaultsACellSolvesEightBitSubtractionForSeedZero(string cellName)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var model = new Trainer(TrainingConfig.For(cell) with { UntilSolved = true, Iterations = 20_000 }).Run();
        Assert.NotNull(model.Training.SolvedAt);
        Assert.Equal(cell, model.Network.Cell);
        // The reference evaluator agrees, and the calculator computes with the network beyond 8 bits.
        Assert.True(Evaluator.Exhaustive(model.Network, ProblemSet.Tutorial).AllCorrect);
        var calculation = new Calculator(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork> { [Operation.Subtract] = model.Network })
            .Calculate(Expression.Parse("200 - 57", 64));
        Assert.Equal(new BigInteger(143), calculation.Result);
    }

    [Fact]
    public void TrainingIsReproducibleFromTheSeedForEveryCell()
    {
        foreach (var cell in Cell.All)
        {
            var a = new Trainer(TrainingConfig.For(cell) with { Hidden = 4, Iterations = 200, Seed = 9 }).Run();
            var b = new Trainer(TrainingConfig.For(cell) with { Hidden = 4, Iterations = 200, Seed = 9 }).Run();
            var c = new Trainer(TrainingConfig.For(cell) with { Hidden = 4, Iterations = 200, Seed = 10 }).Run();
            Assert.Equal(a.Network.Weights, b.Network.Weights);
            Assert.NotEqual(a.Network.Weights, c.Network.Weights);
        }
    }

    [Fact]
    public void PyTorchCellsStartUniformWithinOneOverRootH()
    {
        var net = new Trainer(TrainingConfig.For(Cell.Lstm) with { Hidden = 9, Iterations = 0 }).Network;
        Assert.All(net.Weights, w => Assert.InRange(w, -1 / 3.0, 1 / 3.0));
        Assert.True(net.Weights.Max() > 0.3 && net.Weights.Min() < -0.3);
        Assert.Equal(0, net.InitialHidden);
    }

    [Fact]
    public void TimeToSolveRunsWhatTrainUntilSolvedRuns()
    {
        var trained = new Trainer(TrainingConfig.Tutorial with { UntilSolved = true }).Run();
        var timed = TimeToSolve.Run(TrainingConfig.Tutorial, TrainingConfig.Tutorial.Iterations);
        Assert.NotNull(trained.Training.SolvedAt);
        Assert.Equal(trained.Training.SolvedAt, timed.SolvedAt);
    }

    [Fact]
    public void VerifyOnAGatedCellSaysWhyItIsUndecided()
    {
        var model = new Trainer(TrainingConfig.For(Cell.Gru) with { UntilSolved = true, Iterations = 20_000 }).Run();
        var result = Verifier.Verify(model.Network, Operation.Subtract, VerifyOptions.Quick);
        Assert.False(result.Proven);
        Assert.True(result.Counterexample is not null || result.Reason.Contains("only for the sigmoid cell", StringComparison.Ordinal), result.Reason);
    }

    [Fact]
    public void AnLstmsTraceAndHeatmapShowItsCellStateBesideH()
    {
        var model = new Trainer(TrainingConfig.For(Cell.Lstm) with { Hidden = 3, Iterations = 50 }).Run();
        var calculator = new Calculator(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork> { [Operation.Subtract] = model.Network });
        var trace = calculator.Run(Operation.Subtract, 5, 3);
        Assert.All(trace.Steps, s => Assert.Equal(3, s.CellState!.Length));
        var heatmap = new RnnCalc.Pictures.HiddenStateHeatmap(trace);
        Assert.Equal(["h0", "h1", "h2", "c0", "c1", "c2"], heatmap.StateLabels);
        Assert.Equal(trace.Steps[1].CellState![2], heatmap.Hidden[5, 1]);
        // A GRU's state is h alone.
        var gru = new Trainer(TrainingConfig.For(Cell.Gru) with { Hidden = 3, Iterations = 50 }).Run();
        var gruTrace = new Calculator(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork> { [Operation.Subtract] = gru.Network }).Run(Operation.Subtract, 5, 3);
        Assert.All(gruTrace.Steps, s => Assert.Null(s.CellState));
    }
}
