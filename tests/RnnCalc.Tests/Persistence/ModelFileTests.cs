using System.Text;
using RnnCalc.Arithmetic;
using RnnCalc.Network.Cells;
using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Tests.Persistence;

public class ModelFileTests
{
    private static TrainedModel Trained(uint seed = 3) =>
        new Trainer(TrainingConfig.Tutorial with { Seed = seed, Hidden = 5, Iterations = 300, Operation = Operation.Add, Range = TrainingRange.Full, Bits = 6 }).Run();

    [Fact]
    public void RoundTripIsBitIdentical()
    {
        var model = Trained();
        var back = ModelFile.Parse(ModelFile.Serialize(model));
        Assert.Equal(model.Config, back.Config);
        Assert.Equal(model.Training, back.Training);
        Assert.Equal(Bits(model.Network.Weights), Bits(back.Network.Weights));
        Assert.Equal(model.Network.InitialHidden, back.Network.InitialHidden);
    }

    [Fact]
    public void ControlCharactersQuotedFromTheFileStayOnOneLine()
    {
        var text = Encoding.UTF8.GetString(ModelFile.Serialize(Trained())).Replace("\"operation\": \"add\"", "\"operation\": \"a\\nd\\u0007\"", StringComparison.Ordinal);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.Contains("'a\\nd\\u0007'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TheFileHasTheDocumentedLayout()
    {
        var text = Encoding.UTF8.GetString(ModelFile.Serialize(Trained()));
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal("rnncalc-model", root.GetProperty("format").GetString());
        Assert.Equal(2, root.GetProperty("version").GetInt32());
        Assert.Equal("sigmoid", root.GetProperty("config").GetProperty("cell").GetString());
        Assert.Equal(2, root.GetProperty("weights").GetProperty("input").GetArrayLength());
        Assert.Equal(5, root.GetProperty("weights").GetProperty("input")[0].GetArrayLength());
        Assert.Equal(5, root.GetProperty("weights").GetProperty("recurrent").GetArrayLength());
        Assert.Equal(1, root.GetProperty("weights").GetProperty("output")[0].GetArrayLength());
        Assert.Equal("add", root.GetProperty("config").GetProperty("operation").GetString());
        Assert.Equal(300, root.GetProperty("training").GetProperty("updates").GetInt64());
    }

    [Fact]
    public void SaveIsAtomicAndLeavesNoTemporaryFiles()
    {
        var dir = Directory.CreateTempSubdirectory("rnncalc-test-");
        try
        {
            var path = Path.Combine(dir.FullName, "model.json");
            ModelFile.Save(path, Trained(1));
            ModelFile.Save(path, Trained(2));
            Assert.Equal(2u, ModelFile.Load(path).Config.Seed);
            Assert.Equal(["model.json"], Directory.GetFiles(dir.FullName).Select(Path.GetFileName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static TheoryData<string, string> BrokenFiles => new()
    {
        { string.Empty, "empty" },
        { "{\"format\":\"rnncalc-model\",\"version\":1,\"config\":{", "not valid JSON" },
        { "[1,2,3]", "top level should be an object" },
        { "{\"format\":\"something-else\"}", "format is 'something-else'" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void BrokenFilesAreRefusedWithAClearMessage(string content, string expected)
    {
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(content)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("\"version\": 2,", "\"version\": 3,", "version 3 is not supported")]
    [InlineData("\"hidden\": 5,", "\"hidden\": 6,", "weights.input[0] has 5 values, expected 6")]
    [InlineData("\"operation\": \"add\"", "\"operation\": \"multiply\"", "'multiply' is not one of")]
    [InlineData("\"updates\": 300", "\"updates\": -1", "'updates' is -1")]
    [InlineData("\"format\": \"rnncalc-model\",", "\"format\": \"rnncalc-model\", \"format\": \"rnncalc-model\",", "not valid JSON")]
    public void EditedFilesAreRefusedWithAClearMessage(string find, string replace, string expected)
    {
        var text = Encoding.UTF8.GetString(ModelFile.Serialize(Trained()));
        Assert.Contains(find, text, StringComparison.Ordinal);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("\"NaN\"")]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    public void NonFiniteWeightsAreRefused(string weight)
    {
        var model = Trained();
        var text = Encoding.UTF8.GetString(ModelFile.Serialize(model));
        var first = model.Network.Recurrent[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(first, text, StringComparison.Ordinal);
        var broken = text.Replace(first, weight, StringComparison.Ordinal);
        Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(broken)));
    }

    [Fact]
    public void TruncationAtEveryLengthIsRefusedNeverCrashes()
    {
        var bytes = ModelFile.Serialize(Trained());
        for (var length = 0; length < bytes.Length - 2; length += 7)
        {
            Assert.Throws<ModelFileException>(() => ModelFile.Parse(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void MissingFileSaysSo()
    {
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(Path.Combine(Path.GetTempPath(), "no-such-rnncalc-model.json")));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Files written by rnncalc before the cell seam (model file version 1, no cell): they load as the
    /// tutorial's cell, and today's trainer, given their settings, makes bit for bit the same weights — or, for Adam,
    /// whose step is now torch.optim.Adam's (the same formula, rounded in PyTorch's order), the same to 1e-12 of the
    /// largest weight (measured: 8.4e-14 of 8.6 after this file's 1,500 updates).</summary>
    [Theory]
    [InlineData("v1-tutorial-subtract.json", true)]
    [InlineData("v1-full-add-adam.json", false)]
    public void VersionOneFilesLoadAndTodaysTrainingMakesTheSameWeights(string name, bool bitForBit)
    {
        var path = Path.Combine("Fixtures", "Models", name);
        Assert.Contains("\"version\": 1,", File.ReadAllText(path), StringComparison.Ordinal);
        var old = ModelFile.Load(path);
        Assert.Equal(Cell.Sigmoid, old.Config.Cell);
        var again = new Trainer(old.Config).Run();
        if (bitForBit)
        {
            Assert.Equal(Bits(old.Network.Weights), Bits(again.Network.Weights));
        }
        else
        {
            var largest = old.Network.Weights.Max(Math.Abs);
            Assert.All(old.Network.Weights.Zip(again.Network.Weights), w => Assert.InRange(Math.Abs(w.First - w.Second), 0, 1e-12 * largest));
            Assert.NotEqual(Bits(old.Network.Weights), Bits(again.Network.Weights));
        }
        Assert.Equal(old.Training.Updates, again.Training.Updates);
        // Written again it is a version-2 file that reads back the same.
        var back = ModelFile.Parse(ModelFile.Serialize(old));
        Assert.Equal(Bits(old.Network.Weights), Bits(back.Network.Weights));
        Assert.Equal(old.Config, back.Config);
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    [InlineData("tanh")]
    public void EveryCellRoundTripsWithItsTensorsByName(string cellName)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var model = new Trainer(TrainingConfig.For(cell) with { Hidden = 3, Iterations = 20 }).Run();
        var text = Encoding.UTF8.GetString(ModelFile.Serialize(model));
        foreach (var tensor in model.Network.Table.Tensors)
        {
            Assert.Contains($"\"{tensor.Name}\":", text, StringComparison.Ordinal);
        }
        var back = ModelFile.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Equal(cell, back.Network.Cell);
        Assert.Equal(model.Config, back.Config);
        Assert.Equal(Bits(model.Network.Weights), Bits(back.Network.Weights));
    }

    [Theory]
    [InlineData("\"cell\": \"gru\"", "\"cell\": \"rnn\"", "config.cell 'rnn' is not one of: sigmoid, tanh, gru, lstm")]
    [InlineData("\"weight_hh\": [", "\"weight_hx\": [", "'weight_hh' is missing")]
    [InlineData("\"out.bias\": [", "\"out.bias\": [[1]], \"extra\": [", "weights.extra is not a tensor of the gru cell")]
    public void ABadCellFileIsOneClearError(string find, string replace, string expected)
    {
        var model = new Trainer(TrainingConfig.For(Cell.Gru) with { Hidden = 2, Iterations = 5 }).Run();
        var text = Encoding.UTF8.GetString(ModelFile.Serialize(model));
        Assert.Contains(find, text, StringComparison.Ordinal);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGruFileWithTheWrongShapeSaysWhichTensor()
    {
        var model = new Trainer(TrainingConfig.For(Cell.Gru) with { Hidden = 2, Iterations = 5 }).Run();
        var text = Encoding.UTF8.GetString(ModelFile.Serialize(model)).Replace("\"hidden\": 2", "\"hidden\": 3", StringComparison.Ordinal);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.Contains("weights.weight_ih has 6 rows, expected 9 (9×2)", e.Message, StringComparison.Ordinal);
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
