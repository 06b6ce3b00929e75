using System.Text.Json;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Persistence;
using RnnCalc.Tests.Cli;

namespace RnnCalc.Tests.Persistence;

/// <summary>
/// Networks saved by other programs (Fixtures/Interop, made by make_interop_fixtures.py with numpy and PyTorch):
/// loading them must give the per-step probabilities those programs computed, to 1e-12.
/// </summary>
public sealed class NetworkFileTests : IDisposable
{
    private const double Tolerance = 1e-12;
    private static readonly string Interop = Path.Combine("Fixtures", "Interop");
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> ForeignFiles() =>
        ["tutorial-f8.npz", "tutorial-f4.npz", "trask-f8.npz", "trask-f4-compressed.npz", "tanh.npz", "gru.npz", "lstm.npz"];

    [Theory]
    [MemberData(nameof(ForeignFiles))]
    public void ForeignFilesGiveTheProbabilitiesTheirProgramsComputed(string file)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Interop, "expected.json")));
        var entry = expected.RootElement.GetProperty("files").GetProperty(file);
        var loaded = NetworkFile.Read(Path.Combine(Interop, file));
        var net = loaded.Model.Network;
        Assert.Equal(entry.GetProperty("cell").GetString(), net.Cell.Name);
        Assert.Equal(entry.GetProperty("initialHidden").GetDouble(), net.InitialHidden);
        Assert.Equal(5, net.Hidden);
        Assert.Equal(file.StartsWith("trask", StringComparison.Ordinal) ? Operation.Add : Operation.Subtract, loaded.Model.Config.Operation);
        Assert.Contains("assumed:", loaded.Assumptions, StringComparison.Ordinal);
        var worst = 0.0;
        foreach (var c in entry.GetProperty("cases").EnumerateArray())
        {
            var a = c.GetProperty("a").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray();
            var b = c.GetProperty("b").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray();
            var p = c.GetProperty("p").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var sequence = new BitSequence(a.Length);
            sequence.SetLength(a.Length);
            a.CopyTo(sequence.A, 0);
            b.CopyTo(sequence.B, 0);
            var run = net.NewUnrolling(a.Length);
            Rnn.Forward(net, sequence, run);
            for (var t = 0; t < a.Length; t++)
            {
                worst = Math.Max(worst, Math.Abs(run.Outputs[t] - p[t]));
            }
        }
        Assert.True(worst <= Tolerance, $"{file}: max |rnncalc − reference| = {worst:g3}");
    }

    [Fact]
    public void OptionsSayWhatTheFileCannot()
    {
        var loaded = NetworkFile.Read(Path.Combine(Interop, "gru.npz"), new NetworkFileOptions(Operation.Add, 0.25));
        Assert.Equal(Operation.Add, loaded.Model.Config.Operation);
        Assert.Equal(0.25, loaded.Model.Network.InitialHidden);
        Assert.Contains("assumed: add (--op), h0 = 0.25 (--initial-hidden)", loaded.Assumptions, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePublishedRunIsTheTutorialsPrintedNetwork()
    {
        var loaded = NetworkFile.Read(Path.Combine("Fixtures", "tutorial-published-run.txt"));
        var net = loaded.Model.Network;
        Assert.Equal(Cell.Sigmoid, net.Cell);
        Assert.Equal(16, net.Hidden);
        Assert.Equal(0.1, net.InitialHidden);
        // The first and last printed numbers of weight_0 and weight_h, as printed.
        Assert.Equal(-1.98770636, net.Input[0]);
        Assert.Equal(-1.31051785e-01, net.Recurrent[^1]);
        Assert.Contains("rounded", loaded.Kind, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyProvesThePublishedRun()
    {
        var run = CliRun.Of("verify", "--model", Path.Combine("Fixtures", "tutorial-published-run.txt"));
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Proven: the network subtracts correctly", run.Output, StringComparison.Ordinal);
        Assert.Contains("assumed: subtract (default; --op), h0 = 0.1 (default; --initial-hidden)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReferenceFormatReadsBackAsTheTrainedNetworkToItsPrintedDigits()
    {
        var printed = CliRun.Of("train", "--format", "reference", "--iterations", "2000");
        Assert.Equal(0, printed.ExitCode);
        var path = _dir.File("run.txt");
        File.WriteAllText(path, printed.Output);
        var trained = CliRun.Of("train", "--iterations", "2000", "--save", _dir.File("trained.json"));
        Assert.Equal(0, trained.ExitCode);
        var exact = ModelFile.Load(_dir.File("trained.json")).Network;
        var read = NetworkFile.Load(path).Network;
        for (var i = 0; i < exact.Weights.Length; i++)
        {
            // numpy prints 8 significant digits after the point (or in scientific notation): half a unit of the last.
            Assert.True(Math.Abs(exact.Weights[i] - read.Weights[i]) <= 5e-9 * Math.Max(1, Math.Abs(exact.Weights[i])), $"weight {i}: {exact.Weights[i]} printed as {read.Weights[i]}");
        }
    }

    [Fact]
    public void ACheckpointIsTheModelInside()
    {
        var checkpoint = _dir.File("checkpoint.json");
        Assert.Equal(0, CliRun.Of("train", "--iterations", "300", "--checkpoint", checkpoint, "--save", _dir.File("model.json")).ExitCode);
        var inside = NetworkFile.Read(checkpoint);
        Assert.Equal("an RnnCalc checkpoint", inside.Kind);
        Assert.Null(inside.Assumptions);
        Assert.Equal(ModelFile.Load(_dir.File("model.json")).Network.Weights, inside.Model.Network.Weights);
        var calc = CliRun.Of("calc", "--model", checkpoint, "7 - 5");
        Assert.NotEqual(2, calc.ExitCode);
        Assert.DoesNotContain("error", calc.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelFileRecordsItsOwnInitialHidden()
    {
        var model = _dir.File("model.json");
        ModelFile.Save(model, DefaultModels.Subtract);
        var ex = Assert.Throws<ModelFileException>(() => NetworkFile.Read(model, new NetworkFileOptions(null, 0.5)));
        Assert.Contains("records its own initial hidden value (0.1); --initial-hidden is for files that do not", ex.Message, StringComparison.Ordinal);
        Assert.Null(NetworkFile.Read(model).Assumptions);
    }

    public void Dispose() => _dir.Dispose();
}
