using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCalc.Cli.Console;

/// <summary>One progress point of <c>train --format json</c>.</summary>
internal sealed record TrainProgressLine(string Type, long Update, double Error, string A, string B, string Predicted, string Exact, string Out, bool Correct);

/// <summary>The last line of <c>train --format json</c>.</summary>
internal sealed record TrainSummaryLine(string Type, long Updates, double? FinalError, long? SolvedAt, long? ProvenAt, long SequencesSeen, bool Diverged, string? Saved, bool Interrupted);

/// <summary><c>eval --format json</c>.</summary>
internal sealed record EvalLine(string Operation, int Bits, string Range, EvalExhaustiveLine? Exhaustive, IReadOnlyList<EvalGeneralizationLine> Generalization, IReadOnlyList<EvalLongOperationLine> LongOperations);

/// <summary>Products (add network) or quotients and remainders (subtract network) at one width.</summary>
internal sealed record EvalLongOperationLine(string Operation, int Bits, int Samples, int Correct);

/// <summary>The exhaustive part of eval.</summary>
internal sealed record EvalExhaustiveLine(long Pairs, long Correct, double Accuracy, double[] BitErrorRates, IReadOnlyList<string> FirstFailures);

/// <summary>One width of the length-generalisation table.</summary>
internal sealed record EvalGeneralizationLine(int Bits, int Samples, int Correct);

/// <summary>Source-generated, camelCase JSON for everything the CLI prints as JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TrainProgressLine))]
[JsonSerializable(typeof(TrainSummaryLine))]
[JsonSerializable(typeof(RnnCalc.Arithmetic.CalcLine))]
[JsonSerializable(typeof(EvalLine))]
internal sealed partial class CliJson : JsonSerializerContext
{
    public static string Line<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);
}
