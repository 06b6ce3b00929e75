using System.Text.Encodings.Web;
using System.Text.Json;
using RnnCalc.Training;

namespace RnnCalc.Cli.Console;

/// <summary><c>sweep --format json</c>: <c>{"rows":[{"config":{…},"runs","solved","solvedAtMedian",…}]}</c>.</summary>
internal static class SweepJson
{
    public static string Write(IReadOnlyList<SweepRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
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
                Nullable(json, "provenAtMedian", row.ProvenAtMedian);
                Nullable(json, "solvedAtMedian", row.SolvedAtMedian);
                Nullable(json, "solvedAtP90", row.SolvedAtP90);
                Nullable(json, "solvedAtMax", row.SolvedAtMax);
                Nullable(json, "sequencesMedian", row.SequencesMedian);
                json.WriteNumber("wallSeconds", row.WallSeconds);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

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
}
