using System.Text.Encodings.Web;
using System.Text.Json;
using RnnCalc.Training;
using RnnCalc.Training.Settings;

namespace RnnCalc.Cli.Console;

/// <summary>
/// <c>sweep --format json</c>: <c>{"rows":[{"config":{…},"runs","solved","solvedAtMedian",…}]}</c>. A shard's
/// JSON also carries <c>"shard":{"index","count"}</c>, the whole sweep's definition under <c>"sweep"</c>
/// (<c>"seeds"</c>, <c>"prove"</c>, <c>"configs"</c> with every setting) and each row's runs under <c>"results"</c>:
/// all that <c>sweep merge</c> needs, and reads back here.
/// </summary>
internal static class SweepJson
{
    /// <summary>The settings a definition's configuration holds: every one but the seed, which the seed list gives.</summary>
    private static readonly TrainingSetting[] DefinitionSettings = [.. TrainingSettings.All.Where(s => s != TrainingSettings.Seed)];

    /// <summary>The whole sweep's JSON, or with <paramref name="part"/> a shard's, which merge can read.</summary>
    public static string Write(IReadOnlyList<SweepRow> rows, SweepPart? part = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (part is not null)
            {
                json.WriteStartObject("shard");
                json.WriteNumber("index", part.Shard.Index);
                json.WriteNumber("count", part.Shard.Count);
                json.WriteEndObject();
                WriteDefinition(json, part.Configs, part.Seeds, part.Prove);
            }
            json.WriteStartArray("rows");
            foreach (var row in rows)
            {
                var c = row.Config;
                json.WriteStartObject();
                json.WriteStartObject("config");
                foreach (var setting in Commands.SweepCommand.JsonSettings)
                {
                    setting.WriteJson(json, c);
                }
                json.WriteEndObject();
                json.WriteNumber("runs", row.Runs);
                json.WriteNumber("solved", row.Solved);
                Nullable(json, "proven", row.Proven);
                Nullable(json, "undecided", row.Undecided);
                Nullable(json, "provenAtMedian", row.ProvenAtMedian);
                Nullable(json, "solvedAtMedian", row.SolvedAtMedian);
                Nullable(json, "solvedAtP90", row.SolvedAtP90);
                Nullable(json, "solvedAtMax", row.SolvedAtMax);
                Nullable(json, "sequencesMedian", row.SequencesMedian);
                json.WriteNumber("wallSeconds", row.WallSeconds);
                if (part is not null)
                {
                    WriteResults(json, row.Results);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads a shard's JSON; anything else (another command's JSON, a whole sweep's, a damaged file) is a
    /// <see cref="UsageException"/> that names the file and what is wrong.
    /// </summary>
    public static SweepPart Read(string path, string text, SettingLimits limits)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("shard", out var shard) || !root.TryGetProperty("sweep", out var sweep))
            {
                throw new UsageException($"'{path}' is not a sweep shard's JSON (make shards with sweep --shard K/N --format json)");
            }
            var index = shard.GetProperty("index").GetInt32();
            var count = shard.GetProperty("count").GetInt32();
            if (count < 1 || index < 0 || index >= count)
            {
                throw new UsageException($"'{path}': shard {index}/{count} is not a shard (0 ≤ K < N)");
            }
            var seeds = sweep.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt32()).ToArray();
            var prove = sweep.GetProperty("prove").GetBoolean();
            var configs = sweep.GetProperty("configs").EnumerateArray().Select(c => ReadConfig(c, limits)).ToArray();
            var rowsJson = root.GetProperty("rows");
            if (rowsJson.GetArrayLength() != configs.Length)
            {
                throw new UsageException($"'{path}' has {rowsJson.GetArrayLength()} rows for a sweep of {configs.Length} configurations");
            }
            var rows = rowsJson.EnumerateArray()
                .Select((row, c) => Sweep.Summarise(configs[c], ReadResults(row.GetProperty("results")), row.GetProperty("wallSeconds").GetDouble(), prove))
                .ToArray();
            return new SweepPart(path, new SweepShard(index, count), sweep.Clone(), configs, seeds, prove, rows);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or SettingException)
        {
            throw new UsageException($"'{path}' is not a sweep shard's JSON: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static void WriteDefinition(Utf8JsonWriter json, IReadOnlyList<TrainingConfig> configs, IReadOnlyList<uint> seeds, bool prove)
    {
        json.WriteStartObject("sweep");
        json.WriteStartArray("seeds");
        foreach (var seed in seeds)
        {
            json.WriteNumberValue(seed);
        }
        json.WriteEndArray();
        json.WriteBoolean("prove", prove);
        json.WriteStartArray("configs");
        foreach (var config in configs)
        {
            json.WriteStartObject();
            foreach (var setting in DefinitionSettings)
            {
                setting.WriteJson(json, config);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A configuration back from its JSON, through the settings schema (as the web API binds settings).</summary>
    private static TrainingConfig ReadConfig(JsonElement config, SettingLimits limits)
    {
        var values = new Dictionary<TrainingSetting, object?>();
        foreach (var setting in DefinitionSettings)
        {
            if (setting == TrainingSettings.Fast && !config.TryGetProperty(setting.JsonName, out _))
            {
                // A part written before fast was a setting trained exactly.
                continue;
            }
            var value = config.GetProperty(setting.JsonName);
            var text = value.ValueKind switch
            {
                JsonValueKind.Null => "none",
                JsonValueKind.String => value.GetString()!,
                _ => value.GetRawText(),
            };
            values[setting] = setting.Parse(text, $"'{setting.JsonName}'", limits);
        }
        return TrainingSettings.Build(values);
    }

    private static void WriteResults(Utf8JsonWriter json, IReadOnlyList<SweepRun> runs)
    {
        json.WriteStartArray("results");
        foreach (var run in runs)
        {
            json.WriteStartObject();
            json.WriteNumber("seed", run.Seed);
            Nullable(json, "solvedAt", run.SolvedAt);
            Nullable(json, "provenAt", run.ProvenAt);
            json.WriteBoolean("proven", run.Proven);
            json.WriteBoolean("undecided", run.Undecided);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static SweepRun[] ReadResults(JsonElement results) => [.. results.EnumerateArray().Select(r => new SweepRun(
        r.GetProperty("seed").GetUInt32(),
        OptionalLong(r.GetProperty("solvedAt")),
        OptionalLong(r.GetProperty("provenAt")),
        r.GetProperty("proven").GetBoolean(),
        r.TryGetProperty("undecided", out var undecided) && undecided.GetBoolean()))];

    private static long? OptionalLong(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt64();

    private static void Nullable(Utf8JsonWriter json, string name, double? value)
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

    private static void Nullable(Utf8JsonWriter json, string name, long? value)
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
}
