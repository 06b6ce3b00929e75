using System.Text.Json;
using RnnCalc.Arithmetic;
using RnnCalc.Random;
using RnnCalc.Training;

namespace RnnCalc.Persistence;

/// <summary>
/// A training checkpoint: <c>{"format":"rnncalc-checkpoint","version":1,"model":{…model file…},"state":{…}}</c> —
/// the weights and settings plus the random generator, optimizer and counters, so a resumed run ends
/// bit-identical to an uninterrupted one. Written atomically like every file RnnCalc writes.
/// </summary>
internal static class CheckpointFile
{
    public const string Format = "rnncalc-checkpoint";
    public const int Version = 1;

    private static readonly JsonDocumentOptions ReadOptions = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public static void Save(string path, TrainedModel model, TrainerState state) => AtomicFile.WriteAllBytes(path, Serialize(model, state));

    /// <summary>
    /// Saves with the history kept beside the checkpoint by <paramref name="log"/> (appended, so the write costs
    /// O(state) however long the run): the checkpoint records the side file and how many of its rows are its own.
    /// </summary>
    public static void Save(string path, TrainedModel model, TrainerState state, HistoryLog log, TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(log);
        var side = log.Sync(history);
        AtomicFile.WriteAllBytes(path, Serialize(model, state, side));
        log.DropOthers();
    }

    public static (TrainedModel Model, TrainerState State) Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ModelFileException($"checkpoint '{path}' is a directory; give the checkpoint file --checkpoint wrote");
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFileException($"checkpoint '{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"cannot read checkpoint '{path}': {e.Message}", e);
        }
        try
        {
            var (model, state) = Parse(bytes, out var side);
            if (state.History is null && side is { } history)
            {
                state = state with { History = HistoryLog.Read(path, history.File, history.Rows) };
            }
            return (model, state);
        }
        catch (ModelFileException e)
        {
            throw new ModelFileException($"checkpoint '{path}': {e.Message}", e);
        }
    }

    public static byte[] Serialize(TrainedModel model, TrainerState state) => Serialize(model, state, null);

    private static byte[] Serialize(TrainedModel model, TrainerState state, (string File, int Rows)? side)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(state);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WritePropertyName("model");
            json.WriteRawValue(ModelFile.Serialize(model));
            json.WriteStartObject("state");
            json.WriteNumber("updates", state.Updates);
            json.WriteNumber("sequencesSeen", state.SequencesSeen);
            json.WriteNumber("streak", state.Streak);
            WriteNullable(json, "solvedAt", state.SolvedAt);
            WriteNullable(json, "provenAt", state.ProvenAt);
            WriteDouble(json, "lastError", state.LastError);
            json.WriteStartArray("lastProblem");
            json.WriteNumberValue(state.LastProblem.A);
            json.WriteNumberValue(state.LastProblem.B);
            json.WriteNumberValue(state.LastProblem.Result);
            json.WriteEndArray();
            json.WriteStartObject("random");
            json.WriteStartArray("key");
            foreach (var word in state.Random.Key)
            {
                json.WriteNumberValue(word);
            }
            json.WriteEndArray();
            json.WriteNumber("position", state.Random.Position);
            json.WriteEndObject();
            json.WriteStartObject("optimizer");
            json.WriteNumber("steps", state.OptimizerSteps);
            foreach (var (name, values) in state.OptimizerState)
            {
                json.WriteStartArray(name);
                foreach (var v in values)
                {
                    json.WriteNumberValue(v);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            if (side is { } s)
            {
                json.WriteStartObject("history");
                json.WriteNumber("stride", state.HistoryStride);
                WriteDouble(json, "smoothedError", state.SmoothedError);
                json.WriteString("file", s.File);
                json.WriteNumber("rows", s.Rows);
                json.WriteEndObject();
            }
            else if (state.History is { } history)
            {
                json.WriteStartObject("history");
                json.WriteNumber("stride", state.HistoryStride);
                WriteDouble(json, "smoothedError", state.SmoothedError);
                json.WriteStartArray("rows");
                foreach (var row in history)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(row.Update);
                    json.WriteNumberValue(row.Error);
                    json.WriteNumberValue(row.SmoothedError);
                    if (row.Accuracy is { } a)
                    {
                        json.WriteNumberValue(a);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>A checkpoint whose rows are inline, or none; one with a side file (see <see cref="HistoryLog"/>) needs <see cref="Load"/>.</summary>
    public static (TrainedModel Model, TrainerState State) Parse(ReadOnlySpan<byte> utf8) => Parse(utf8, out _);

    /// <summary>Parses, and names the side file the history lives in (and how many of its rows count), if it has one.</summary>
    private static (TrainedModel Model, TrainerState State) Parse(ReadOnlySpan<byte> utf8, out (string File, int Rows)? side)
    {
        side = null;
        if (utf8.IsEmpty)
        {
            throw new ModelFileException("the file is empty");
        }
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray(), ReadOptions);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw new ModelFileException($"not a checkpoint (format should be '{Format}')");
            }
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var v) || v != Version)
            {
                throw new ModelFileException($"checkpoint version is not {Version}");
            }
            var model = ModelFile.Parse(System.Text.Encoding.UTF8.GetBytes(root.GetProperty("model").GetRawText()));
            var s = root.GetProperty("state");
            var problem = s.GetProperty("lastProblem");
            var random = s.GetProperty("random");
            var optimizer = s.GetProperty("optimizer");
            var optimizerState = new Dictionary<string, double[]>();
            foreach (var property in optimizer.EnumerateObject())
            {
                if (property.Name != "steps")
                {
                    optimizerState[property.Name] = [.. property.Value.EnumerateArray().Select(e => e.GetDouble())];
                }
            }
            List<HistoryRow>? rows = null;
            long stride = 1;
            var smoothed = double.NaN;
            var hasHistory = s.TryGetProperty("history", out var history);
            if (hasHistory)
            {
                stride = history.GetProperty("stride").GetInt64();
                smoothed = ReadDouble(history.GetProperty("smoothedError"));
                if (history.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String
                    && history.TryGetProperty("rows", out var count) && count.TryGetInt32(out var n) && n >= 0)
                {
                    side = (file.GetString()!, n);
                }
            }
            if (hasHistory && history.TryGetProperty("rows", out var inline) && inline.ValueKind == JsonValueKind.Array)
            {
                rows = [.. history.GetProperty("rows").EnumerateArray().Select(r => new HistoryRow(
                    r[0].GetInt64(),
                    r[1].GetDouble(),
                    r[2].GetDouble(),
                    r[3].ValueKind == JsonValueKind.Null ? null : r[3].GetDouble()))];
            }
            var state = new TrainerState(
                s.GetProperty("updates").GetInt64(),
                s.GetProperty("sequencesSeen").GetInt64(),
                s.GetProperty("streak").GetInt64(),
                s.GetProperty("solvedAt").ValueKind == JsonValueKind.Null ? null : s.GetProperty("solvedAt").GetInt64(),
                s.TryGetProperty("provenAt", out var provenAt) && provenAt.ValueKind != JsonValueKind.Null ? provenAt.GetInt64() : null,
                ReadDouble(s.GetProperty("lastError")),
                new Problem(problem[0].GetInt64(), problem[1].GetInt64(), problem[2].GetInt64()),
                new RandomState([.. random.GetProperty("key").EnumerateArray().Select(e => e.GetUInt32())], random.GetProperty("position").GetInt32()),
                optimizer.GetProperty("steps").GetInt64(),
                optimizerState,
                rows,
                stride,
                smoothed);
            if (state.Random.Key.Length != 624 || state.Random.Position is < 0 or > 624)
            {
                throw new ModelFileException("the random generator state is not 624 words and a position");
            }
            return (model, state);
        }
        catch (JsonException e)
        {
            throw new ModelFileException($"not valid JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new ModelFileException("the checkpoint's state is incomplete or malformed", e);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, string name, double value)
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

    private static double ReadDouble(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();
}
