using Spectre.Console;

namespace RnnCalc.Cli.Console;

/// <summary>Long work shown as a Spectre.Console progress bar with rate and remaining time (terminals only).</summary>
internal static class ProgressDisplay
{
    public static T Run<T>(Terminal terminal, string description, double total, string unit, Func<Action<double>, T> work)
    {
        if (!terminal.Interactive)
        {
            return work(_ => { });
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
