using System.Diagnostics;
using RnnCalc.Verification;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// Time for single-threaded measurements: this thread's CPU time where the OS reports it finely (Linux), so
/// that other processes on a busy machine do not count against us; wall time elsewhere.
/// </summary>
internal static class BenchClock
{
    private static readonly bool ThreadTimeWorks = OperatingSystem.IsLinux() && TryThreadTime(out _);

    /// <summary>Whether <see cref="Now"/> is thread CPU time (else wall time).</summary>
    public static bool IsThreadTime => ThreadTimeWorks;

    /// <summary>A reading in milliseconds; only differences mean anything.</summary>
    public static double Now() =>
        ThreadTimeWorks && TryThreadTime(out var ms) ? ms : Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    private static bool TryThreadTime(out double milliseconds)
    {
        var works = VerificationClock.TryThreadTime(out var ticks);
        milliseconds = ticks / (double)TimeSpan.TicksPerMillisecond;
        return works;
    }
}
