using RnnCalc.Cli;
using RnnCalc.Cli.Console;

using var interrupt = new CancellationTokenSource();
// Ctrl-C asks the running command to stop at a safe point (it saves what it must, then exits 130).
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
try
{
    return CliApp.Run(args, Terminal.FromProcess(), interrupt.Token);
}
catch (Exception e)
{
    // Last resort: a bug must still read as one line, not a stack trace.
    Console.Error.WriteLine($"rnncalc: error: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
    return 70;
}
