using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace RnnCalc.Cli.Console;

/// <summary>
/// Long work shown as a Spectre.Console progress bar with rate and remaining time on a terminal, and as a plain
/// line on stderr every few seconds otherwise (never on stdout, which may be JSON); not at all with <c>--quiet</c>.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Work shorter than this prints no plain lines at all.</summary>
    private static readonly TimeSpan FirstLine = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static T Run<T>(Terminal terminal, string description, double total, string unit, Func<Action<double>, T> work)
    {
        if (terminal.Quiet)
        {
            return work(_ => { });
        }
        if (!terminal.Interactive)
        {
            var clock = Stopwatch.StartNew();
            var next = FirstLine;
            return work(done =>
            {
                if (clock.Elapsed < next)
                {
                    return;
                }
                next = clock.Elapsed + Interval;
                var rate = done / clock.Elapsed.TotalSeconds;
                terminal.Note(string.Create(CultureInfo.InvariantCulture, $"{description.ToLowerInvariant()}: {done / Math.Max(total, 1):P0} ({done:N0} of {total:N0} {unit}, {rate:N0} {unit}/s)"));
            });
        }
        return terminal.Ansi.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RateColumn(unit),
                new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(total, 1));
                return work(done => task.Value = done);
            });
    }
}
