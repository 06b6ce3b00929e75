using System.Text.Json;
using System.Xml.Linq;
using RnnCalc.Persistence;
using RnnCalc.Tests.Cli;
using RnnCalc.Training;

namespace RnnCalc.Tests.Verification;

public sealed class VerifyCommandTests
{
    [Fact]
    public void Verify_proves_the_default_network_and_writes_dot_and_svg()
    {
        using var temp = new TempDirectory();
        var run = CliRun.Of("verify", "--dot", temp.File("machine.dot"), "--svg", temp.File("machine.svg"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Proven", run.Output, StringComparison.Ordinal);
        Assert.Contains("s1 (borrow 1)", run.Output, StringComparison.Ordinal);
        var dot = File.ReadAllText(temp.File("machine.dot"));
        Assert.StartsWith("digraph", dot, StringComparison.Ordinal);
        Assert.Contains("s0 -> s1", dot, StringComparison.Ordinal);
        var svg = XDocument.Parse(File.ReadAllText(temp.File("machine.svg")));
        Assert.Equal(2, svg.Descendants().Count(e => e.Name.LocalName == "circle"));
    }

    [Fact]
    public void Verify_json_for_the_default_add_network()
    {
        var run = CliRun.Of("verify", "--op", "add", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("proven").GetBoolean());
        Assert.Equal(2, root.GetProperty("states").GetInt32());
        Assert.True(root.GetProperty("abstractStates").GetInt32() > 2);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("counterexample").ValueKind);
        Assert.Equal("add", root.GetProperty("operation").GetString());
        Assert.Equal(2, root.GetProperty("machine").GetArrayLength());
    }

    [Fact]
    public void Verify_reports_a_wrong_network_with_its_counterexample_and_exit_1()
    {
        using var temp = new TempDirectory();
        var path = temp.File("seed44.json");
        ModelFile.Save(path, new Trainer(TrainingConfig.Tutorial with { Seed = 44 }).Run());

        var run = CliRun.Of("verify", "--model", path, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var counterexample = json.RootElement.GetProperty("counterexample");
        var a = System.Numerics.BigInteger.Parse(counterexample.GetProperty("a").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var b = System.Numerics.BigInteger.Parse(counterexample.GetProperty("b").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((a - b).ToString(System.Globalization.CultureInfo.InvariantCulture), counterexample.GetProperty("exact").GetString());
        Assert.NotEqual(counterexample.GetProperty("exact").GetString(), counterexample.GetProperty("network").GetString());
        Assert.False(json.RootElement.GetProperty("proven").GetBoolean());

        var calc = CliRun.Of("calc", "--model", path, $"{a} - {b}");
        Assert.Equal(1, calc.ExitCode);
        Assert.Contains(counterexample.GetProperty("network").GetString()!, calc.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_counts_the_wrong_step_once_and_labels_an_unproven_machine_as_what_the_network_does()
    {
        using var temp = new TempDirectory();
        var path = temp.File("seed44.json");
        ModelFile.Save(path, new Trainer(TrainingConfig.Tutorial with { Seed = 44 }).Run());

        using var json = JsonDocument.Parse(CliRun.Of("verify", "--model", path, "--format", "json").Output);
        var counterexample = json.RootElement.GetProperty("counterexample");
        var steps = counterexample.GetProperty("steps").GetInt32();
        var firstWrong = counterexample.GetProperty("firstWrongStep").GetInt32();
        // The calculator's own trace agrees on where the first wrong bit is.
        var calc = CliRun.Of("calc", "--model", path, $"{counterexample.GetProperty("a").GetString()} - {counterexample.GetProperty("b").GetString()}", "--format", "json", "--trace");
        using var trace = JsonDocument.Parse(calc.Output);
        var bits = trace.RootElement.GetProperty("steps")[0].GetProperty("bits").EnumerateArray().ToList();
        Assert.Equal(steps, bits.Count);
        Assert.Equal(firstWrong, bits.FindIndex(bit => !bit.GetProperty("correct").GetBoolean()));

        var run = CliRun.Of("verify", "--model", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"goes wrong at step {firstWrong + 1} of some inputs", run.Output, StringComparison.Ordinal);
        Assert.Contains($"first wrong at bit {firstWrong} (step {firstWrong + 1}) of the {steps} steps calc runs: {steps - 1} operand bits with the sign, and its extension", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("-step input", run.Output, StringComparison.Ordinal);
        Assert.Contains("not a verified machine: what the network does on the", run.Output, StringComparison.Ordinal);
        Assert.Contains("s1 (≈ borrow 1)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(borrow 1)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_refuses_bad_input_with_one_line_and_exit_2()
    {
        using var temp = new TempDirectory();
        Assert.Equal(2, CliRun.Of("verify", "--model", temp.File("missing.json")).ExitCode);
        Assert.Contains("does not exist", CliRun.Of("verify", "--model", temp.File("missing.json")).ErrorLine, StringComparison.Ordinal);
        Assert.Equal(2, CliRun.Of("verify", "--op", "multiply").ExitCode);
        Assert.Equal(2, CliRun.Of("verify", "--dot", temp.File("no/such/dir/machine.dot")).ExitCode);
        Assert.Equal(2, CliRun.Of("verify", "--format", "reference").ExitCode);

        var path = temp.File("add.json");
        ModelFile.Save(path, DefaultModels.Add);
        Assert.Contains("trained to add", CliRun.Of("verify", "--model", path, "--op", "subtract").ErrorLine, StringComparison.Ordinal);
    }
}
