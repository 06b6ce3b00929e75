namespace RnnCalc.Printing;

/// <summary>
/// A Python script whose printed output <see cref="TutorialTranscript"/> reproduces: the tutorial's (its progress
/// blocks open with <c>总误差:</c> and it prints the three weight arrays at the end) or Trask's addition post's
/// (<c>Error:</c>, no weights).
/// </summary>
internal sealed class ReferenceScript
{
    private ReferenceScript(string name, string errorLabel, bool printsWeights)
    {
        Name = name;
        ErrorLabel = errorLabel;
        PrintsWeights = printsWeights;
    }

    /// <summary>The tutorial's script (subtraction).</summary>
    public static ReferenceScript Tutorial { get; } = new("tutorial", "总误差:", true);

    /// <summary>The script of Trask's "Anyone Can Learn To Code an LSTM-RNN in Python" (addition).</summary>
    public static ReferenceScript Trask { get; } = new("trask", "Error:", false);

    /// <summary>Who wrote it: <c>tutorial</c> or <c>trask</c>.</summary>
    public string Name { get; }

    /// <summary>What a progress block's first line starts with, before <c>str(overallError)</c>.</summary>
    public string ErrorLabel { get; }

    /// <summary>True when the script prints its weight arrays after training.</summary>
    public bool PrintsWeights { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
