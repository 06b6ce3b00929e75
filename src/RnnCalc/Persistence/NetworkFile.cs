using System.Globalization;
using System.Text;
using System.Text.Json;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Persistence.Interop;
using RnnCalc.Training;

namespace RnnCalc.Persistence;

/// <summary>
/// Any network file, recognised by its content rather than its name: an RnnCalc model file (every version), a
/// checkpoint (the model inside), a numpy .npz with the tutorial's, Trask's or PyTorch's names, or the text the
/// tutorial's script prints. What a foreign file cannot say (the operation, h0) comes from
/// <see cref="NetworkFileOptions"/>; the training width and range are the tutorial's (8 bits).
/// </summary>
public static class NetworkFile
{
    /// <summary>The most numbers one tensor of a network of at most <see cref="ModelFile.MaxHidden"/> units has (LSTM's 4H×H).</summary>
    public const long MaxTensorValues = 4L * ModelFile.MaxHidden * ModelFile.MaxHidden;

    /// <summary>Longest text read: a printed run of the largest printable network is a few hundred kilobytes.</summary>
    public const int MaxTextBytes = 64 * 1024 * 1024;

    /// <summary>Reads a network of any kind <see cref="Read(string, NetworkFileOptions?)"/> knows and returns its model.</summary>
    public static TrainedModel Load(string path, NetworkFileOptions? options = null) => Read(path, options).Model;

    /// <summary>Reads a network from a file, recognising its kind by its first bytes: a model file, a numpy .npz (the tutorial's names or a PyTorch state_dict) or a printed run; <paramref name="options"/> says what an .npz cannot. Throws <see cref="ModelFileException"/> when the file is missing, unreadable or invalid.</summary>
    public static LoadedNetwork Read(string path, NetworkFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= NetworkFileOptions.Default;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            try
            {
                return Read(stream, options);
            }
            catch (ModelFileException e)
            {
                throw new ModelFileException($"model file '{path}': {e.Message}", e);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFileException($"model file '{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"cannot read model file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads a network from a seekable stream, recognising its kind from the first bytes.</summary>
    public static LoadedNetwork Read(Stream stream, NetworkFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        Span<byte> start = stackalloc byte[8];
        var length = NpyFormat.ReadUpTo(stream, start);
        start = start[..length];
        stream.Position = 0;
        if (length == 0)
        {
            throw new ModelFileException("the file is empty");
        }
        if (NpzArchive.HasMagic(start))
        {
            return FromArrays(NpzArchive.Read(stream, MaxTensorValues), "a numpy .npz", options);
        }
        if (NpyFormat.HasMagic(start))
        {
            throw new ModelFileException("this is a single .npy array; save the network's arrays together with np.savez (an .npz)");
        }
        var bytes = ReadText(stream);
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        if (text.TrimStart().StartsWith('{'))
        {
            return FromJson(bytes, options);
        }
        if (PrintedRun.Looks(text))
        {
            return FromArrays(PrintedRun.Parse(text), "the tutorial's printed output (weights rounded to the printed digits)", options);
        }
        throw new ModelFileException("not a network file rnncalc knows: an RnnCalc model or checkpoint (JSON), a numpy .npz, or the tutorial's printed output");
    }

    private static byte[] ReadText(Stream stream)
    {
        if (stream.Length > MaxTextBytes)
        {
            throw new ModelFileException(string.Create(CultureInfo.InvariantCulture, $"the file is {stream.Length:N0} bytes, more than any model file or printed run ({MaxTextBytes:N0})"));
        }
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static LoadedNetwork FromJson(byte[] bytes, NetworkFileOptions options)
    {
        string? format = null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String)
            {
                format = f.GetString();
            }
        }
        catch (JsonException)
        {
            // ModelFile.Parse says what is wrong with it.
        }
        var (model, kind) = format == CheckpointFile.Format
            ? (CheckpointFile.Parse(bytes).Model, "an RnnCalc checkpoint")
            : (ModelFile.Parse(bytes), "an RnnCalc model file");
        if (options.InitialHidden is { } h0 && BitConverter.DoubleToInt64Bits(h0) != BitConverter.DoubleToInt64Bits(model.Network.InitialHidden))
        {
            throw new ModelFileException(string.Create(CultureInfo.InvariantCulture, $"{kind} records its own initial hidden value ({model.Network.InitialHidden}); --initial-hidden is for files that do not"));
        }
        return new LoadedNetwork(model, kind, null);
    }

    /// <summary>A network from named arrays: the naming gives the cell, the shapes the hidden size.</summary>
    internal static LoadedNetwork FromArrays(IReadOnlyList<NpyArray> arrays, string kind, NetworkFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        ArgumentNullException.ThrowIfNull(options);
        var byKey = arrays.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var naming = TensorNaming.Of(byKey.Keys)
            ?? throw new ModelFileException($"{kind} with the arrays {Quoted(byKey.Keys)} has none of the names rnncalc knows: the tutorial's weight_0, weight_1, weight_h; Trask's synapse_0, synapse_1, synapse_h; or a PyTorch state_dict ({string.Join(", ", TensorNaming.PyTorch.Keys)})");
        foreach (var key in byKey.Keys.Where(k => !naming.Keys.Contains(k)))
        {
            throw new ModelFileException($"'{key}' is not one of {naming.Description} ({string.Join(", ", naming.Keys)})");
        }
        foreach (var key in naming.Keys.Where(k => !byKey.ContainsKey(k)))
        {
            throw new ModelFileException($"'{key}' is missing ({naming.Description}: {string.Join(", ", naming.Keys)})");
        }
        var (cell, hidden) = naming == TensorNaming.PyTorch ? PyTorchShape(byKey["rnn.weight_hh_l0"]) : SigmoidShape(byKey[naming.Keys[0]]);
        var trask = naming == TensorNaming.Trask;
        var operation = options.Operation ?? (trask ? Operation.Add : Operation.Subtract);
        var h0 = options.InitialHidden ?? (trask ? 0 : cell.DefaultInitialHidden);
        var network = new RecurrentNetwork(cell, hidden, h0, ExpKind.NumpyAvx512);
        foreach (var foreign in naming.Layout(hidden, cell))
        {
            var array = byKey[foreign.Key];
            if (!array.Shape.SequenceEqual(foreign.Shape))
            {
                throw new ModelFileException($"{foreign.Key} has shape {array.ShapeText}, expected {NpyArray.ShapeOf(foreign.Shape)} for a {cell} network of {hidden} hidden units");
            }
            for (var i = 0; i < array.Values.Length; i++)
            {
                if (!double.IsFinite(array.Values[i]))
                {
                    throw new ModelFileException(string.Create(CultureInfo.InvariantCulture, $"{foreign.Key}{Index(array.Shape, i)} is {array.Values[i]}; every weight must be a finite number"));
                }
            }
            array.Values.CopyTo(network.Tensor(foreign.Tensor));
        }
        var config = new TrainingConfig { Cell = cell, Hidden = hidden, Operation = operation, InitialHidden = h0, Iterations = 0 };
        var assumed = string.Create(CultureInfo.InvariantCulture, $"{kind}, {naming.Description}, {cell} with {hidden} hidden units; assumed: {operation.Name}{Source(options.Operation is not null, "--op", trask)}, h0 = {h0}{Source(options.InitialHidden is not null, "--initial-hidden", trask)}, 8-bit pairs of the tutorial's range");
        return new LoadedNetwork(new TrainedModel(config, network, new TrainingSummary(0, double.NaN)), kind, assumed);
    }

    private static string Source(bool given, string option, bool trask) =>
        given ? $" ({option})" : trask ? $" (Trask's; {option})" : $" (default; {option})";

    private static (Cell Cell, int Hidden) SigmoidShape(NpyArray input)
    {
        if (input.Shape.Count != 2 || input.Shape[0] != RecurrentNetwork.InputSize || input.Shape[1] is < 1 or > ModelFile.MaxHidden)
        {
            throw new ModelFileException($"{input.Name} has shape {input.ShapeText}, expected (2, H): two input bits by 1 to {ModelFile.MaxHidden} hidden units");
        }
        return (Cell.Sigmoid, input.Shape[1]);
    }

    private static (Cell Cell, int Hidden) PyTorchShape(NpyArray recurrent)
    {
        if (recurrent.Shape.Count != 2 || recurrent.Shape[1] is < 1 or > ModelFile.MaxHidden)
        {
            throw new ModelFileException($"{recurrent.Name} has shape {recurrent.ShapeText}, expected (G·H, H) for 1 to {ModelFile.MaxHidden} hidden units");
        }
        var hidden = recurrent.Shape[1];
        var gates = recurrent.Shape[0] / hidden;
        var cell = recurrent.Shape[0] % hidden != 0 ? null : Cell.All.OfType<PyTorchCell>().FirstOrDefault(c => c.Gates == gates);
        return cell is null
            ? throw new ModelFileException($"{recurrent.Name} has shape {recurrent.ShapeText}: for {hidden} hidden units that is not 1, 3 or 4 gate blocks (nn.RNN, nn.GRU, nn.LSTM)")
            : (cell, hidden);
    }

    private static string Index(IReadOnlyList<int> shape, int flat)
    {
        var index = new int[shape.Count];
        for (var d = shape.Count - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return $"[{string.Join(", ", index)}]";
    }

    private static string Quoted(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"'{k}'"));
}
