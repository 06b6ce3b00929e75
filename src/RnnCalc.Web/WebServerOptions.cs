using RnnCalc.Arithmetic;

namespace RnnCalc.Web;

/// <summary>
/// The server's limits, read from the "RnnCalc" configuration section (e.g. <c>RnnCalc__MaxJobs=4</c>) or set by
/// <c>rnncalc serve</c>. Each bounds what one request can make the server do.
/// </summary>
public sealed class WebServerOptions
{
    public const string Section = "RnnCalc";

    public const int DefaultPort = 5080;

    /// <summary>Loopback only: the page lets anyone who reaches it run training jobs.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Widest operand or intermediate result, in bits (the CLI's --max-bits default).</summary>
    public int MaxBits { get; set; } = 4096;

    /// <summary>Longest expression, in characters (the CLI's).</summary>
    public int MaxExpressionLength { get; set; } = Expression.MaxLength;

    /// <summary>Largest request body; an expression of the longest length fits with room to spare.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Most bit rows one traced calculation returns (each carries the hidden state).</summary>
    public int MaxTraceSteps { get; set; } = 20_000;

    /// <summary>Training jobs running at once; more are refused with 429.</summary>
    public int MaxJobs { get; set; } = 2;

    /// <summary>Wall-clock limit of one training job; it then stops and keeps what it learned.</summary>
    public TimeSpan JobTimeLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Widest training width: exhaustive checks visit every pair, 8 million at 12 bits.</summary>
    public int MaxTrainingBits { get; set; } = 12;

    public int MaxHidden { get; set; } = 64;

    public long MaxIterations { get; set; } = 200_000;

    public int MaxBatch { get; set; } = 64;

    /// <summary>Time one proof of a network (GET /api/models/{id}/verify) may take before it answers "not proven".</summary>
    public TimeSpan VerifyTimeLimit { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Trained networks (and finished jobs) kept in memory; the oldest go first. The defaults always stay.</summary>
    public int MaxModels { get; set; } = 32;

    /// <summary>Throws with one line if a limit is unusable.</summary>
    public void Validate()
    {
        Check(MaxBits is >= 1 and <= 1_000_000, "MaxBits must be from 1 to 1000000");
        Check(MaxExpressionLength is >= 1 and <= Expression.MaxLength, $"MaxExpressionLength must be from 1 to {Expression.MaxLength}");
        Check(MaxBodyBytes >= 1024, "MaxBodyBytes must be at least 1024");
        Check(MaxTraceSteps >= 1, "MaxTraceSteps must be at least 1");
        Check(MaxJobs is >= 1 and <= 1024, "MaxJobs must be from 1 to 1024");
        Check(JobTimeLimit > TimeSpan.Zero, "JobTimeLimit must be positive");
        Check(MaxTrainingBits is >= 1 and <= 12, "MaxTrainingBits must be from 1 to 12");
        Check(MaxHidden is >= 1 and <= Persistence.ModelFile.MaxHidden, "MaxHidden must be from 1 to 4096");
        Check(MaxIterations >= 1, "MaxIterations must be at least 1");
        Check(MaxBatch >= 1, "MaxBatch must be at least 1");
        Check(MaxModels >= 1, "MaxModels must be at least 1");
        Check(VerifyTimeLimit > TimeSpan.Zero, "VerifyTimeLimit must be positive");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"server setting {message}");
        }
    }
}
