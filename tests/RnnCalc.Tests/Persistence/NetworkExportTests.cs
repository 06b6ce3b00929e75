using RnnCalc.Arithmetic;
using RnnCalc.Network.Cells;
using RnnCalc.Persistence;
using RnnCalc.Tests.Cli;
using RnnCalc.Training;

namespace RnnCalc.Tests.Persistence;

/// <summary><c>rnncalc export</c>: what goes out reads back bit for bit, through our reader and as numpy names it.</summary>
public sealed class NetworkExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Cells() => [.. Cell.Names];

    [Theory]
    [MemberData(nameof(Cells))]
    public void AnNpzReadsBackBitIdentical(string cellName)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var config = TrainingConfig.For(cell) with { Hidden = 7, Iterations = 50, Seed = 3 };
        var model = new Trainer(config).Run();
        var path = _dir.File(cellName + ".npz");
        NetworkExport.Save(path, model);
        var back = NetworkFile.Read(path).Model.Network;
        Assert.Equal(cell, back.Cell);
        Assert.Equal(7, back.Hidden);
        Assert.Equal(model.Network.InitialHidden, back.InitialHidden);
        Assert.Equal(model.Network.Weights.Select(BitConverter.DoubleToInt64Bits), back.Weights.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void TheTutorialsCellGoesOutWithTheTutorialsNamesAndPyTorchsWithTheirs()
    {
        var tutorial = _dir.File("t.npz");
        var gru = _dir.File("g.npz");
        NetworkExport.Save(tutorial, DefaultModels.Subtract);
        NetworkExport.Save(gru, new Trainer(TrainingConfig.For(Cell.Gru) with { Hidden = 3, Iterations = 1 }).Run());
        Assert.Equal(["weight_0.npy", "weight_1.npy", "weight_h.npy"], Entries(tutorial));
        Assert.Equal(["rnn.weight_ih_l0.npy", "rnn.weight_hh_l0.npy", "rnn.bias_ih_l0.npy", "rnn.bias_hh_l0.npy", "out.weight.npy", "out.bias.npy"], Entries(gru));
    }

    [Fact]
    public void AnExportedFixtureIsTheFileNumpyWrote()
    {
        // np.savez of float64 arrays: our writer gives the same .npy bytes for every entry.
        var fixture = Path.Combine("Fixtures", "Interop", "gru.npz");
        var ours = _dir.File("gru.npz");
        NetworkExport.Save(ours, NetworkFile.Load(fixture));
        using var theirs = System.IO.Compression.ZipFile.OpenRead(fixture);
        using var mine = System.IO.Compression.ZipFile.OpenRead(ours);
        foreach (var entry in theirs.Entries)
        {
            Assert.Equal(Bytes(entry), Bytes(mine.GetEntry(entry.FullName)!));
        }
    }

    [Fact]
    public void ExportWritesByExtensionAndSaysWhatAnNpzLeavesOut()
    {
        var json = _dir.File("add.json");
        var npz = _dir.File("add.npz");
        Assert.Equal(0, CliRun.Of("train", "--op", "add", "--iterations", "200", "--save", json).ExitCode);
        var run = CliRun.Of("export", "--model", json, "--to", npz);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("an .npz does not record the operation or h0: read it back with --op add --initial-hidden 0.1", run.Error, StringComparison.Ordinal);
        Assert.StartsWith($"Wrote {npz}: the sigmoid network (16 hidden units) that adds.", run.Output, StringComparison.Ordinal);
        var back = NetworkFile.Load(npz, new NetworkFileOptions(Operation.Add, 0.1));
        Assert.Equal(ModelFile.Load(json).Network.Weights, back.Network.Weights);

        var again = _dir.File("again.json");
        Assert.Equal(0, CliRun.Of("export", "--model", json, "--to", again).ExitCode);
        Assert.Equal(File.ReadAllBytes(json), File.ReadAllBytes(again));
    }

    [Fact]
    public void AnUnknownExtensionIsRefused()
    {
        var run = CliRun.Of("export", "--to", _dir.File("net.pt"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("export writes .npz, .onnx or .json files, chosen by the extension", run.ErrorLine, StringComparison.Ordinal);
    }

    private static string[] Entries(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    private static byte[] Bytes(System.IO.Compression.ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose() => _dir.Dispose();
}
