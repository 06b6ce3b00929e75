using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCalc.Cli.Commands;

/// <summary><c>verify --format json</c>: integers as strings, so any size survives every JSON reader.</summary>
internal sealed record VerifyLine(
    string Operation,
    bool Proven,
    int States,
    int AbstractStates,
    int Boxes,
    double MinimumMargin,
    VerifyCounterexampleLine? Counterexample,
    string Reason,
    IReadOnlyList<VerifyStateLine> Machine,
    IReadOnlyList<VerifyAttemptLine> Attempts,
    double ElapsedMs)
{
    /// <summary>The verification's time in milliseconds (the same as <see cref="ElapsedMs"/>, under the name scripts look for).</summary>
    public double Milliseconds => ElapsedMs;

    /// <summary>Where the certificate was written, when asked for and proven.</summary>
    public string? Certificate { get; init; }

    /// <summary>The counterexample's pattern in one sentence, when it has one.</summary>
    public string? Pattern { get; init; }

    /// <summary>With --robustness: the certified weight radius (0 when none closed; null when not asked or not proven).</summary>
    public double? Robustness { get; init; }
}

/// <summary>Operands on which the network is wrong, with the exact result and the network's, the steps run and the first wrong one (0 = lowest bit).</summary>
internal sealed record VerifyCounterexampleLine(string A, string B, string Exact, string Network, int Steps, int FirstWrongStep);

/// <summary>One state of the minimised machine; <c>reference</c> is the borrow or carry it stands for, if any.</summary>
internal sealed record VerifyStateLine(int State, int? Reference, IReadOnlyList<VerifyTransitionLine> Transitions);

/// <summary>One transition: the input pair, the bit emitted, its margin from 0.5 and the next state.</summary>
internal sealed record VerifyTransitionLine(int A, int B, int Output, double Margin, int Next);

/// <summary>One proof attempt (box width, lookahead) and how it ended.</summary>
internal sealed record VerifyAttemptLine(double Width, int Depth, bool Closed, int Boxes, int AbstractStates, string? Reason, double ElapsedMs);

/// <summary><c>verify --survey</c>: one network, its seed and training, the verdict (proven, counterexample, undecided), wall and CPU time, and reason.</summary>
internal sealed record VerifySurveyLine(uint Seed, long Updates, bool Solved, string Verdict, double Milliseconds, double CpuMilliseconds, string Reason);

/// <summary>Source-generated, camelCase JSON for <c>verify</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(VerifyLine))]
[JsonSerializable(typeof(VerifySurveyLine))]
internal sealed partial class VerifyJson : JsonSerializerContext
{
    private static readonly VerifyJson Stdout = new(Console.CliJson.StdoutOptions());

    public static string Line(VerifyLine value) => JsonSerializer.Serialize(value, Stdout.VerifyLine);

    public static string Line(VerifySurveyLine value) => JsonSerializer.Serialize(value, Stdout.VerifySurveyLine);
}
