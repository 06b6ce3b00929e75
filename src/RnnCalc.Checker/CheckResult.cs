namespace RnnCalc.Checker;

/// <summary>
/// The verdict: exit code 0 every obligation holds, 1 one fails (the message names the first), 2 the file is unreadable;
/// when accepted, the claim holds for every network whose weights are each within <c>WeightRadius</c> of the model's.
/// </summary>
public sealed record CheckResult(int ExitCode, string Message, int Regions, int Transitions, double WeightRadius = 0)
{
    /// <summary>Every obligation holds.</summary>
    public bool Accepted => ExitCode == 0;
}
