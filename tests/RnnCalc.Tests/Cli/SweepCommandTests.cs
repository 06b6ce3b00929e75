using System.Text.Json;

namespace RnnCalc.Tests.Cli;

public class SweepCommandTests
{
    [Fact]
    public void JsonHasOneRowPerConfiguration()
    {
        var run = CliRun.Of("sweep", "--seeds", "0..3", "--bits", "4", "--hidden", "4,8", "--check-every", "100", "--iterations", "3000", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var rows = doc.RootElement.GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal([4, 8], rows.EnumerateArray().Select(r => r.GetProperty("config").GetProperty("hidden").GetInt32()));
        foreach (var row in rows.EnumerateArray())
        {
            Assert.Equal(4, row.GetProperty("runs").GetInt32());
            Assert.InRange(row.GetProperty("solved").GetInt32(), 0, 4);
            // Every solved run is verified: proven, undecided, or (the rest) shown wrong.
            Assert.InRange(row.GetProperty("proven").GetInt32() + row.GetProperty("undecided").GetInt32(), 0, row.GetProperty("solved").GetInt32());
            Assert.True(row.TryGetProperty("solvedAtMedian", out _));
            Assert.True(row.TryGetProperty("wallSeconds", out _));
        }
    }

    [Fact]
    public void CsvHasAHeaderAndARowPerConfiguration()
    {
        var run = CliRun.Of("sweep", "--seeds", "0,1", "--bits", "3", "--learning-rate", "0.5,1", "--check-every", "50", "--iterations", "1000", "--format", "csv");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("cell,hidden,learningRate,operation,bits,range,initScale,initialHidden,optimizer,batch,clip,iterations,runs,solved,proven,undecided,solvedAtMedian", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("sigmoid,16,0.5,subtract,3,tutorial,,,sgd,1,,1000,2,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void FastSweepsRecordTheFastStepAndSolveAsTrainFastDoes()
    {
        var run = CliRun.Of("sweep", "--cell", "gru", "--fast", "--seeds", "0", "--prove", "false", "--shard", "0/1", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        Assert.True(doc.RootElement.GetProperty("sweep").GetProperty("configs")[0].GetProperty("fast").GetBoolean());
        var row = doc.RootElement.GetProperty("rows")[0];
        Assert.Equal(1, row.GetProperty("solved").GetInt32());
        var single = new RnnCalc.Training.Trainer(RnnCalc.Training.TrainingConfig.For(RnnCalc.Network.Cells.Cell.Gru) with { Fast = true, UntilSolved = true }).Run();
        Assert.Equal(single.Training.SolvedAt, row.GetProperty("solvedAtMedian").GetInt64());
    }

    [Fact]
    public void FastSweepsRefuseWhatTheFastStepCannotTrain()
    {
        var run = CliRun.Of("sweep", "--optimizer", "sgd,adam", "--fast", "--seeds", "0");
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("drop --optimizer (from at least one configuration)", run.ErrorLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seeds 5..1", "--seeds 5..1: the range is empty")]
    [InlineData("--seeds a..3", "--seeds expects a whole number (got 'a')")]
    [InlineData("--hidden 0,4", "--hidden must be from 1 to 4096 (got 0)")]
    [InlineData("--bits 13", "--bits must be from 1 to 12 (got 13)")]
    [InlineData("--cell gru,rnn", "--cell must be one of: sigmoid, tanh, gru, lstm (got 'rnn')")]
    [InlineData("--optimizer sgd,rmsprop", "--optimizer must be one of: sgd, momentum, adam (got 'rmsprop')")]
    [InlineData("--learning-rate 0.5,NaN", "--learning-rate must be a number above 0")]
    public void BadListsExitTwoWithOneLine(string options, string expected)
    {
        var run = CliRun.Of(["sweep", .. options.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorLine, StringComparison.Ordinal);
    }
}
