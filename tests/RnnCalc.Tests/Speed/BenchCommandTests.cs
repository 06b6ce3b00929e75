using System.Text.Json;
using RnnCalc.Cli;
using RnnCalc.Cli.Console;

namespace RnnCalc.Tests.Speed;

/// <summary><c>rnncalc bench</c> runs and reports every measurement (what it measures is the benchmarks' business).</summary>
public class BenchCommandTests
{
    [Fact]
    public void JsonHasEveryMeasurement()
    {
        var (exit, output, _) = Run("bench", "--repeats", "1", "--warm-up", "0", "--format", "json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("cores").GetInt32());
        Assert.True(root.GetProperty("trainUpdatesPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("fastUpdatesPerSecond").GetDouble() > 0);
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["sigmoid", "tanh", "gru", "lstm"], cells.Select(c => c.GetProperty("cell").GetString()));
        Assert.All(cells, c => Assert.True(c.GetProperty("updatesPerSecond").GetDouble() > 0 && c.GetProperty("fastUpdatesPerSecond").GetDouble() > 0));
        Assert.True(root.GetProperty("exhaustiveEvalMs").GetProperty("tutorial").GetDouble() > 0);
        Assert.True(root.GetProperty("exhaustiveEvalMs").GetProperty("full").GetDouble() > 0);
        Assert.True(root.GetProperty("timeToSolveMs").GetDouble() > 0);
        Assert.InRange(root.GetProperty("solvedAt").GetInt64(), 1, 10_000);
        var sweep = root.GetProperty("sweep");
        Assert.Equal(100, sweep.GetProperty("seeds").GetInt32());
        Assert.InRange(sweep.GetProperty("updates").GetInt64(), 100, 1_000_000);
        Assert.True(sweep.GetProperty("networkUpdatesPerSecond").GetDouble() > 0);
        Assert.True(sweep.GetProperty("allCoresMs").GetDouble() > 0);
        var calc = root.GetProperty("calcMs");
        Assert.True(calc.GetProperty("multiply").GetDouble() > calc.GetProperty("multiplyBigInteger").GetDouble());
        Assert.True(calc.GetProperty("divide").GetDouble() > calc.GetProperty("divideBigInteger").GetDouble());
    }

    [Fact]
    public void PrettyShowsATableAndTheCoreCount()
    {
        var (exit, output, _) = Run("bench", "--repeats", "1", "--warm-up", "0");
        Assert.Equal(0, exit);
        Assert.Contains($"{Environment.ProcessorCount} cores", output, StringComparison.Ordinal);
        Assert.Contains("exact training", output, StringComparison.Ordinal);
        Assert.Contains("time to solve", output, StringComparison.Ordinal);
        Assert.Contains("network-updates/s", output, StringComparison.Ordinal);
        Assert.Contains("1000-digit", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadOptionsAreOneLineErrors()
    {
        var (exit, _, error) = Run("bench", "--repeats", "0");
        Assert.Equal(2, exit);
        Assert.StartsWith("rnncalc: error: ", error, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, new Terminal(output, error, interactive: false, noColor: true));
        return (exit, output.ToString(), error.ToString());
    }
}
