using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCalc.Cli.Console;

/// <summary>One progress point of <c>train --format json</c>.</summary>
internal sealed record TrainProgressLine(string Type, long Update, double Error, string A, string B, string Predicted, string Exact, string Out, bool Correct);

/// <summary>The last line of <c>train --format json</c>.</summary>
internal sealed record TrainSummaryLine(string Type, long Updates, double? FinalError, long? SolvedAt, long? ProvenAt, long SequencesSeen, bool Diverged, string? Saved, bool Interrupted)
{
    /// <summary>True when training stopped because every output was saturated and nothing could be learned.</summary>
    public bool Collapsed { get; init; }

    /// <summary>Updates per second of the training loop itself, start-up and output left out (null when no update ran).</summary>
    public double? LoopUpdatesPerSecond { get; init; }
}

/// <summary><c>eval --format json</c>; <c>modulo</c> is set when results are trained and checked modulo 2^N (tutorial-range addition).</summary>
internal sealed record EvalLine(string Operation, int Bits, string Range, long? Modulo, EvalExhaustiveLine? Exhaustive, IReadOnlyList<EvalGeneralizationLine> Generalization, IReadOnlyList<EvalLongOperationLine> LongOperations);

/// <summary>Products (add network) or quotients and remainders (subtract network) at one width.</summary>
internal sealed record EvalLongOperationLine(string Operation, int Bits, int Samples, int Correct);

/// <summary>The exhaustive part of eval.</summary>
internal sealed record EvalExhaustiveLine(long Pairs, long Correct, double Accuracy, double[] BitErrorRates, IReadOnlyList<EvalFailureLine> FirstFailures);

/// <summary>A pair the network got wrong: what it said and the exact result.</summary>
internal sealed record EvalFailureLine(long A, long B, long Network, long Exact);

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
    private static readonly CliJson Stdout = new(StdoutOptions());

    public static string Line<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Stdout);

    /// <summary>
    /// The options of every JSON the CLI prints: camelCase, strict numbers, and '+', '&lt;' or quotes written as
    /// themselves rather than \u002B — stdout is read by people and scripts, never embedded in HTML.
    /// </summary>
    public static JsonSerializerOptions StdoutOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
