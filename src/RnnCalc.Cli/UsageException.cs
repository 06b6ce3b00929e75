namespace RnnCalc.Cli;

/// <summary>Bad usage or input found after parsing; reported as one line with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
