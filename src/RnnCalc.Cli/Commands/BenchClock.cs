using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// Time for single-threaded measurements: this thread's CPU time where the OS reports it finely (Linux), so
/// that other processes on a busy machine do not count against us; wall time elsewhere.
/// </summary>
internal static class BenchClock
{
    private const int ThreadCpuTime = 3;

    private static readonly bool ThreadTimeWorks = OperatingSystem.IsLinux() && TryThreadTime(out _);

    /// <summary>Whether <see cref="Now"/> is thread CPU time (else wall time).</summary>
    public static bool IsThreadTime => ThreadTimeWorks;

    /// <summary>A reading in milliseconds; only differences mean anything.</summary>
    public static double Now() =>
        ThreadTimeWorks && TryThreadTime(out var ms) ? ms : Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    private static bool TryThreadTime(out double milliseconds)
    {
        milliseconds = 0;
        try
        {
            if (ClockGetTime(ThreadCpuTime, out var time) != 0)
            {
                return false;
            }
            milliseconds = (time.Seconds * 1000.0) + (time.Nanoseconds / 1e6);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
