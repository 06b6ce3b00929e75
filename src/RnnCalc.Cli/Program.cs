using RnnCalc.Cli;
using RnnCalc.Cli.Console;

using var interrupt = new CancellationTokenSource();
var interrupts = 0;
// Ctrl-C asks the running command to stop at a safe point (it saves what it must, then exits 130). A second one —
// timeout -s INT signals the whole process group, so two can come at once — must not cut the final write short:
// only a third ends the process at once (an atomic write then leaves the previous file intact).
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = Interlocked.Increment(ref interrupts) < 3;
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
