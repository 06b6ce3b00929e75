using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RnnCalc.Arithmetic;

namespace RnnCalc.Web.Api;

/// <summary>Every error: one line a person can act on.</summary>
public sealed record ErrorLine(string Error);

/// <summary>POST /api/calc (documentation shape; the handler reads fields by hand for clear errors).</summary>
/// <param name="Expression">Integers with + - * / % and parentheses, e.g. "200 - 57" or "12 * (3 + 4)".</param>
/// <param name="Trace">Include every bit of each + and - (inputs, probability, emitted and exact bit, hidden state); default false, as the CLI.</param>
/// <param name="MaxBits">Widest operand or result in bits (at most the server's limit, 4096 by default).</param>
/// <param name="Models">Model ids to use, one per operation (from GET /api/models or a finished job); the defaults fill in.</param>
/// <param name="Run">A network run (from 1; "runs" in the answer counts them) whose bit table to include, as --trace-run.</param>
public sealed record CalcRequest(string Expression, bool? Trace = null, int? MaxBits = null, IReadOnlyList<string>? Models = null, int? Run = null);

/// <summary>POST /api/calc/runs (documentation shape): the calculation as for POST /api/calc, and which of its runs to list.</summary>
/// <param name="Expression">The calculation, as for POST /api/calc.</param>
/// <param name="MaxBits">As for POST /api/calc.</param>
/// <param name="Models">As for POST /api/calc.</param>
/// <param name="From">The first run listed (from 1; default 1).</param>
/// <param name="Count">How many runs to list (default and at most 500).</param>
public sealed record RunsRequest(string Expression, int? MaxBits = null, IReadOnlyList<string>? Models = null, int? From = null, int? Count = null);

/// <summary>Some network runs of a calculation (<c>total</c> counts them all), without their bits.</summary>
public sealed record RunsLine(int Total, IReadOnlyList<RunSummaryLine> Runs);

/// <summary>One network run: its number (as POST /api/calc's "run" takes it), the operation, operands, result and steps.</summary>
public sealed record RunSummaryLine(int Number, string Operation, string A, string B, string Result, string Exact, bool Correct, int Steps);

/// <summary>POST /api/train (documentation shape); every field is optional and defaults to the tutorial's setting.</summary>
public sealed record TrainRequest(
    string? Operation = "subtract",
    int? Bits = 8,
    string? Range = "tutorial",
    int? Hidden = 16,
    double? LearningRate = 0.9,
    long? Seed = 0,
    string? Optimizer = "sgd",
    int? Batch = 1,
    double? Clip = null,
    long? Iterations = 10_000,
    bool? UntilSolved = false,
    long? CheckEvery = null,
    int? UpdatesPerSecond = null);

/// <summary>The settings a job trains with.</summary>
public sealed record TrainSettingsLine(string Cell, string Operation, int Bits, string Range, int Hidden, double LearningRate, long Seed, string Optimizer, int Batch, double? Clip, long Iterations, bool UntilSolved, long? CheckEvery, bool Fast, int? UpdatesPerSecond);

/// <summary>A training job: where it is, and where to follow and stop it.</summary>
public sealed record JobLine(string Id, string Status, TrainSettingsLine Settings, long Updates, int Points, TrainDone? Done, string Events, string Stop);

/// <summary>One chart point of a training job (SSE event "progress"): error after an update, accuracy when checked.</summary>
public sealed record TrainPoint(long Update, double? Error, double? SmoothedError, double? Accuracy);

/// <summary>How a training job ended (SSE event "done", the last one); <c>model</c> is the id to calculate with and download.</summary>
public sealed record TrainDone(string Status, string Message, long Updates, long? SolvedAt, long SequencesSeen, double? FinalError, double? Accuracy, string? Model, double Seconds);

/// <summary>A network the server holds.</summary>
public sealed record ModelLine(string Id, string Cell, string Operation, int Bits, string Range, int Hidden, string Optimizer, long Updates, long? SolvedAt, bool Default, string Download);

/// <summary>POST /api/models: the network now held, what kind of file it was, and what was assumed for what the file does not say.</summary>
public sealed record UploadLine(ModelLine Model, string Kind, string? Assumed);

/// <summary>GET /api/info: the limits (so the page can say them before a request fails) and the networks held.</summary>
public sealed record InfoLine(LimitsLine Limits, IReadOnlyList<ModelLine> Models, bool Verify);

/// <summary>The server's limits.</summary>
public sealed record LimitsLine(int MaxBits, int MaxExpressionLength, int MaxBodyBytes, int MaxTraceSteps, int MaxJobs, double JobTimeLimitSeconds, int MaxTrainingBits, int MaxHidden, long MaxIterations, int MaxBatch);

/// <summary>
/// GET /api/models/{id}/verify: whether the network is proven right for every length, and its minimised machine
/// (each state's transitions; <c>reference</c> is the borrow or carry a state stands for); <c>certificate</c> is where
/// to download a proof's certificate (null when not proven).
/// </summary>
public sealed record MachineLine(string Model, string Operation, bool Proven, string Reason, int States, int AbstractStates, double? MinimumMargin, CounterexampleLine? Counterexample, IReadOnlyList<MachineStateLine> Machine, double ElapsedMs, string? Certificate);

/// <summary>Operands on which the network is really wrong: the steps the calculator runs, and the first wrong one (0 = lowest bit).</summary>
public sealed record CounterexampleLine(string A, string B, string Exact, string Network, int Steps, int FirstWrongStep);

/// <summary>One state of the machine.</summary>
public sealed record MachineStateLine(int State, int? Reference, IReadOnlyList<MachineTransitionLine> Transitions);

/// <summary>One transition: the input bits, the bit emitted, its margin from 0.5, the next state.</summary>
public sealed record MachineTransitionLine(int A, int B, int Output, double? Margin, int Next);

/// <summary>Source-generated JSON with the CLI's options (camelCase, strict numbers), so calc answers match it byte for byte.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CalcRequest))]
[JsonSerializable(typeof(TrainRequest))]
[JsonSerializable(typeof(CalcLine))]
[JsonSerializable(typeof(ErrorLine))]
[JsonSerializable(typeof(JobLine))]
[JsonSerializable(typeof(TrainPoint))]
[JsonSerializable(typeof(TrainDone))]
[JsonSerializable(typeof(IReadOnlyList<ModelLine>))]
[JsonSerializable(typeof(InfoLine))]
[JsonSerializable(typeof(UploadLine))]
[JsonSerializable(typeof(MachineLine))]
[JsonSerializable(typeof(RunsRequest))]
[JsonSerializable(typeof(RunsLine))]
internal sealed partial class WebJson : JsonSerializerContext
{
    /// <summary>
    /// The same, without escaping quotes, '+' or '&lt;' as \u00XX: every API response uses it (none is embedded in
    /// HTML), so they read well with curl and calc answers equal the CLI's JSON byte for byte.
    /// </summary>
    public static WebJson Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
