using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCalc.Cli.Console;

/// <summary>One progress point of <c>train --format json</c>.</summary>
internal sealed record TrainProgressLine(string Type, long Update, double Error, string A, string B, string Predicted, string Exact, string Out, bool Correct);

/// <summary>The last line of <c>train --format json</c>.</summary>
internal sealed record TrainSummaryLine(string Type, long Updates, double? FinalError, string? Saved, bool Interrupted);

/// <summary>Source-generated, camelCase JSON for everything the CLI prints as JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TrainProgressLine))]
[JsonSerializable(typeof(TrainSummaryLine))]
internal sealed partial class CliJson : JsonSerializerContext
{
    public static string Line<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);
}
