using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RnnCalc.Verification;

/// <summary>
/// The clock a verification's time limit is read on: the verifying thread's CPU time where the OS reports it
/// (Linux), so that the load other processes put on a shared machine does not cut proofs short; wall time
/// elsewhere. The verifier runs on one thread from start to end, so the thread's time is the verification's.
/// </summary>
internal sealed class VerificationClock
{
    private const int ThreadCpuTime = 3;

    private static readonly bool ThreadTimeWorks = OperatingSystem.IsLinux() && TryThreadTime(out _);

    private readonly long _start;

    private VerificationClock() => _start = Now();

    /// <summary>Whether <see cref="Elapsed"/> is thread CPU time (else wall time).</summary>
    public static bool IsThreadTime => ThreadTimeWorks;

    /// <summary>Time spent since <see cref="StartNew"/>: the thread's CPU time, or wall time where there is none.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Now() - _start);

    /// <summary>A clock started now, on the calling thread (read it only from that thread).</summary>
    public static VerificationClock StartNew() => new();

    /// <summary>A reading in ticks (100 ns); only differences mean anything.</summary>
    private static long Now() =>
        ThreadTimeWorks && TryThreadTime(out var ticks) ? ticks : Stopwatch.GetElapsedTime(0).Ticks;

    /// <summary>The calling thread's CPU time in ticks, where the OS reports it (Linux); false elsewhere.</summary>
    internal static bool TryThreadTime(out long ticks)
    {
        ticks = 0;
        try
        {
            if (ClockGetTime(ThreadCpuTime, out var time) != 0)
            {
                return false;
            }
            ticks = (time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100);
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
