using System.Globalization;
using System.Text.Json;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Training;
using RnnCalc.Training.Settings;

namespace RnnCalc.Persistence;

/// <summary>
/// The model file: JSON <c>{"format":"rnncalc-model","version":2,"config":{"cell":…,…},"weights":{…},"training":{…}}</c>.
/// Version 2 names the cell in <c>config.cell</c> and stores every tensor of the cell's table under its table
/// name as rows × columns; version 1 (no cell: the tutorial's, tensors input, recurrent, output) still loads.
/// Doubles are written shortest-round-trip so they read back bit-identical; loading checks everything and
/// refuses anything else with one line saying what is wrong.
/// </summary>
public static class ModelFile
{
    /// <summary>The <c>format</c> field every model file starts with.</summary>
    public const string Format = "rnncalc-model";
    /// <summary>The version written; files of versions <see cref="OldestVersion"/> to this one are read.</summary>
    public const int Version = 2;

    /// <summary>The oldest version this rnncalc reads.</summary>
    public const int OldestVersion = 1;

    /// <summary>Largest hidden size a file may declare (keeps a hostile file from asking for gigabytes).</summary>
    public const int MaxHidden = TrainingSettings.MaxHidden;

    private static readonly JsonDocumentOptions ReadOptions = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    /// <summary>Writes the model file (JSON) atomically: a temporary file in the same folder, flushed, then renamed over <paramref name="path"/>. Throws <see cref="OutputFileException"/> when it cannot be written.</summary>
    public static void Save(string path, TrainedModel model) => AtomicFile.WriteAllBytes(path, Serialize(model));

    /// <summary>Reads a model file; throws <see cref="ModelFileException"/>, naming the file and the field, when it is missing, unreadable or invalid.</summary>
    public static TrainedModel Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new ModelFileException($"model file '{path}' does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ModelFileException($"model file '{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"cannot read model file '{path}': {e.Message}", e);
        }
        try
        {
            return Parse(bytes);
        }
        catch (ModelFileException e)
        {
            throw new ModelFileException($"model file '{path}': {e.Message}", e);
        }
    }

    /// <summary>The model file's UTF-8 JSON bytes: format, version, the training config, every tensor by name and the training summary.</summary>
    public static byte[] Serialize(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var config = model.Config;
            var net = model.Network;
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteStartObject("config");
            json.WriteString("cell", config.Cell.Name);
            json.WriteString("operation", config.Operation.Name);
            json.WriteNumber("bits", config.Bits);
            json.WriteString("range", RangeName(config.Range));
            json.WriteNumber("seed", config.Seed);
            json.WriteNumber("hidden", config.Hidden);
            json.WriteNumber("iterations", config.Iterations);
            json.WriteNumber("learningRate", config.LearningRate);
            json.WriteNumber("printEvery", config.PrintEvery);
            WriteNumberOrNull(json, "initScale", config.InitScale ?? double.NaN);
            WriteNumberOrNull(json, "initialHidden", config.InitialHidden ?? double.NaN);
            json.WriteString("exp", ExpName(config.Exp));
            json.WriteString("optimizer", OptimizerName(config.Optimizer));
            json.WriteNumber("batch", config.Batch);
            WriteNumberOrNull(json, "clip", config.Clip ?? double.NaN);
            json.WriteBoolean("untilSolved", config.UntilSolved);
            json.WriteBoolean("untilProven", config.UntilProven);
            json.WriteBoolean("fast", config.Fast);
            if (config.CheckEvery is { } checkEvery)
            {
                json.WriteNumber("checkEvery", checkEvery);
            }
            else
            {
                json.WriteNull("checkEvery");
            }
            json.WriteEndObject();
            json.WriteStartObject("weights");
            foreach (var tensor in net.Table.Tensors)
            {
                WriteMatrix(json, tensor.Name, net.Slice(tensor), tensor.Rows, tensor.Columns);
            }
            json.WriteEndObject();
            json.WriteStartObject("training");
            json.WriteNumber("updates", model.Training.Updates);
            WriteNumberOrNull(json, "finalError", model.Training.FinalError);
            if (model.Training.SolvedAt is { } solvedAt)
            {
                json.WriteNumber("solvedAt", solvedAt);
            }
            else
            {
                json.WriteNull("solvedAt");
            }
            if (model.Training.ProvenAt is { } provenAt)
            {
                json.WriteNumber("provenAt", provenAt);
            }
            else
            {
                json.WriteNull("provenAt");
            }
            json.WriteNumber("sequencesSeen", model.Training.SequencesSeen);
            json.WriteBoolean("diverged", model.Training.Diverged);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads a model file from its UTF-8 JSON bytes; throws <see cref="ModelFileException"/> naming the field that is wrong.</summary>
    public static TrainedModel Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            throw new ModelFileException("the file is empty");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray(), ReadOptions);
        }
        catch (JsonException e)
        {
            throw new ModelFileException($"not valid JSON ({FirstLine(e.Message)})", e);
        }
        using (doc)
        {
            try
            {
                return ParseDocument(doc.RootElement);
            }
            catch (InvalidOperationException e)
            {
                // Strings that are not valid UTF-8 pass the parser but fail when read.
                throw new ModelFileException("the file contains text that is not valid UTF-8", e);
            }
        }
    }

    private static TrainedModel ParseDocument(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "the top level");
        var format = Required(root, "format", JsonValueKind.String).GetString();
        if (format != Format)
        {
            throw new ModelFileException($"format is '{format}', expected '{Format}'");
        }
        var version = Required(root, "version", JsonValueKind.Number);
        if (!version.TryGetInt32(out var v) || v < OldestVersion || v > Version)
        {
            throw new ModelFileException($"version {version.GetRawText()} is not supported (this rnncalc reads versions {OldestVersion} to {Version})");
        }
        var config = ReadConfig(Required(root, "config", JsonValueKind.Object), v);
        var weights = Required(root, "weights", JsonValueKind.Object);
        var net = new RecurrentNetwork(config.Cell, config.Hidden, config.EffectiveInitialHidden, config.Exp);
        foreach (var tensor in net.Table.Tensors)
        {
            ReadMatrix(weights, tensor.Name, net.Slice(tensor), tensor.Rows, tensor.Columns);
        }
        foreach (var property in weights.EnumerateObject())
        {
            if (!net.Table.TryFind(property.Name, out _))
            {
                throw new ModelFileException($"weights.{property.Name} is not a tensor of the {config.Cell} cell (it has: {string.Join(", ", net.Table.Tensors.Select(t => t.Name))})");
            }
        }
        var training = Required(root, "training", JsonValueKind.Object);
        var updates = ReadLong(training, "updates", 0, long.MaxValue);
        var finalError = training.TryGetProperty("finalError", out var fe) && fe.ValueKind == JsonValueKind.Number ? fe.GetDouble() : double.NaN;
        long? solvedAt = training.TryGetProperty("solvedAt", out var sa) && sa.ValueKind != JsonValueKind.Null ? ReadLong(training, "solvedAt", 0, long.MaxValue) : null;
        var sequences = training.TryGetProperty("sequencesSeen", out _) ? ReadLong(training, "sequencesSeen", 0, long.MaxValue) : updates;
        var diverged = training.TryGetProperty("diverged", out var dv) && dv.ValueKind == JsonValueKind.True;
        long? provenAt = training.TryGetProperty("provenAt", out var pa) && pa.ValueKind != JsonValueKind.Null ? ReadLong(training, "provenAt", 0, long.MaxValue) : null;
        return new TrainedModel(config, net, new TrainingSummary(updates, finalError, solvedAt, sequences, diverged, provenAt));
    }

    private static TrainingConfig ReadConfig(JsonElement c, int version)
    {
        var cell = Cell.Sigmoid;
        if (version >= 2)
        {
            var cellName = Required(c, "cell", JsonValueKind.String).GetString();
            if (!Cell.TryParse(cellName, out cell))
            {
                throw new ModelFileException($"config.cell '{cellName}' is not one of: {string.Join(", ", Cell.Names)}");
            }
        }
        var opName = Required(c, "operation", JsonValueKind.String).GetString();
        if (!Operation.TryParse(opName, out var operation))
        {
            throw new ModelFileException($"config.operation '{opName}' is not one of: {string.Join(", ", Operation.All)}");
        }
        var rangeName = Required(c, "range", JsonValueKind.String).GetString();
        if (!SettingNames.TryRange(rangeName, out var range))
        {
            throw new ModelFileException($"config.range '{rangeName}' is not one of: {string.Join(", ", SettingNames.Ranges)}");
        }
        var expName = Required(c, "exp", JsonValueKind.String).GetString();
        if (!SettingNames.TryExp(expName, out var exp))
        {
            throw new ModelFileException($"config.exp '{expName}' is not one of: {string.Join(", ", SettingNames.Exps)}");
        }
        var optimizerName = Optional(c, "optimizer", JsonValueKind.String)?.GetString() ?? "sgd";
        if (!SettingNames.TryOptimizer(optimizerName, out var optimizer))
        {
            throw new ModelFileException($"config.optimizer '{optimizerName}' is not one of: {string.Join(", ", SettingNames.Optimizers)}");
        }
        double? clip = Optional(c, "clip", JsonValueKind.Number) is null ? null : ReadFinite(c, "clip");
        long? checkEvery = Optional(c, "checkEvery", JsonValueKind.Number) is null ? null : ReadLong(c, "checkEvery", 1, long.MaxValue);
        return new TrainingConfig
        {
            Cell = cell,
            Exp = exp,
            Optimizer = optimizer,
            Batch = c.TryGetProperty("batch", out _) ? (int)ReadLong(c, "batch", 1, 1_000_000) : 1,
            Clip = clip,
            UntilSolved = Optional(c, "untilSolved", JsonValueKind.True) is not null,
            UntilProven = Optional(c, "untilProven", JsonValueKind.True) is not null,
            Fast = Optional(c, "fast", JsonValueKind.True) is not null,
            CheckEvery = checkEvery,
            Operation = operation,
            Range = range,
            Bits = (int)ReadLong(c, "bits", 1, ProblemSet.MaxBits),
            Seed = (uint)ReadLong(c, "seed", 0, uint.MaxValue),
            Hidden = (int)ReadLong(c, "hidden", 1, MaxHidden),
            Iterations = ReadLong(c, "iterations", 0, long.MaxValue),
            LearningRate = ReadFinite(c, "learningRate"),
            PrintEvery = ReadLong(c, "printEvery", 1, long.MaxValue),
            InitScale = ReadFiniteOrNull(c, "initScale"),
            InitialHidden = ReadFiniteOrNull(c, "initialHidden"),
        };
    }

    /// <summary>The optimizer as the file spells it: <c>sgd</c>, <c>momentum</c> or <c>adam</c>.</summary>
    public static string OptimizerName(OptimizerKind kind) => SettingNames.Optimizer(kind);

    /// <summary>The exp as the file spells it: <c>numpy-avx512</c> or <c>libm</c>.</summary>
    public static string ExpName(ExpKind exp) => SettingNames.Exp(exp);

    /// <summary>The range as the file spells it: <c>tutorial</c> or <c>full</c>.</summary>
    public static string RangeName(TrainingRange range) => SettingNames.Range(range);

    private static double? ReadFiniteOrNull(JsonElement c, string name) =>
        c.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Null ? null : ReadFinite(c, name);

    private static void WriteMatrix(Utf8JsonWriter json, string name, ReadOnlySpan<double> values, int rows, int columns)
    {
        json.WriteStartArray(name);
        for (var r = 0; r < rows; r++)
        {
            json.WriteStartArray();
            for (var c = 0; c < columns; c++)
            {
                json.WriteNumberValue(values[(r * columns) + c]);
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void ReadMatrix(JsonElement weights, string name, Span<double> target, int rows, int columns)
    {
        var matrix = Required(weights, name, JsonValueKind.Array);
        if (matrix.GetArrayLength() != rows)
        {
            throw new ModelFileException($"weights.{name} has {matrix.GetArrayLength()} rows, expected {rows} ({rows}×{columns})");
        }
        var r = 0;
        foreach (var row in matrix.EnumerateArray())
        {
            Expect(row, JsonValueKind.Array, $"weights.{name}[{r}]");
            if (row.GetArrayLength() != columns)
            {
                throw new ModelFileException($"weights.{name}[{r}] has {row.GetArrayLength()} values, expected {columns} ({rows}×{columns})");
            }
            var c = 0;
            foreach (var cell in row.EnumerateArray())
            {
                Expect(cell, JsonValueKind.Number, $"weights.{name}[{r}][{c}]");
                if (!cell.TryGetDouble(out var value) || !double.IsFinite(value))
                {
                    throw new ModelFileException($"weights.{name}[{r}][{c}] is not a finite number");
                }
                target[(r * columns) + c] = value;
                c++;
            }
            r++;
        }
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new ModelFileException($"'{name}' is missing");
        }
        Expect(value, kind, $"'{name}'");
        return value;
    }

    /// <summary>The property if present and of that kind; null if absent or null; refused if of another kind.</summary>
    private static JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (kind is JsonValueKind.True && value.ValueKind is JsonValueKind.False)
        {
            return null;
        }
        Expect(value, kind, $"'{name}'");
        return value;
    }

    private static long ReadLong(JsonElement parent, string name, long min, long max)
    {
        var e = Required(parent, name, JsonValueKind.Number);
        if (!e.TryGetInt64(out var value) || value < min || value > max)
        {
            throw new ModelFileException(string.Create(CultureInfo.InvariantCulture, $"'{name}' is {e.GetRawText()}, expected a whole number from {min} to {max}"));
        }
        return value;
    }

    private static double ReadFinite(JsonElement parent, string name)
    {
        var e = Required(parent, name, JsonValueKind.Number);
        if (!e.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw new ModelFileException($"'{name}' is not a finite number");
        }
        return value;
    }

    private static void Expect(JsonElement e, JsonValueKind kind, string what)
    {
        if (e.ValueKind != kind)
        {
            throw new ModelFileException($"{what} should be {Article(kind)}, not {Article(e.ValueKind)}");
        }
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "a value",
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
