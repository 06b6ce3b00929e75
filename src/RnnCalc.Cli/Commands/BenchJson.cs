using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCalc.Cli.Commands;

/// <summary>Source-generated camelCase JSON for <c>rnncalc bench --format json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJson : JsonSerializerContext
{
    private static readonly BenchJson Stdout = new(Console.CliJson.StdoutOptions());

    public static string Line(BenchReport report) => JsonSerializer.Serialize(report, Stdout.BenchReport);
}
