namespace RnnCalc.Cli;

/// <summary>What rnncalc's exit status means; the README's "Exit codes and errors" lists the same.</summary>
internal static class ExitCode
{
    public const int Success = 0;

    /// <summary>The command ran but its own check failed (a wrong answer, not proven, diverged).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad usage or bad input: nothing was done.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
