namespace RnnCalc.Checker;

/// <summary>The verdict: 0 every obligation holds, 1 one fails (the message names the first), 2 the file is unreadable.</summary>
public sealed record CheckResult(int ExitCode, string Message, int Regions, int Transitions)
{
    public bool Accepted => ExitCode == 0;

    /// <summary>The certificate's weight radius: when accepted, every network within it of the model's weights is right too.</summary>
    public double WeightRadius { get; init; }
}
