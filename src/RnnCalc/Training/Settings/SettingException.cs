namespace RnnCalc.Training.Settings;

/// <summary>
/// A setting's value is not acceptable. <see cref="Exception.Message"/> is the whole line with the setting named as
/// the host spells it; <see cref="Problem"/> is what is wrong (e.g. <c>must be from 1 to 4096 (got 0)</c>).
/// </summary>
public sealed class SettingException : Exception
{
    /// <summary>A setting error with the default message.</summary>
    public SettingException()
    {
    }

    /// <summary>A setting error whose whole message is the <see cref="Problem"/>.</summary>
    public SettingException(string message)
        : base(message)
    {
        Problem = message;
    }

    /// <summary>A setting error whose whole message is the <see cref="Problem"/>, caused by <paramref name="innerException"/>.</summary>
    public SettingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>A setting error: the message is <paramref name="label"/> (the setting as the host spells it, e.g. <c>--hidden</c>) then <paramref name="problem"/>.</summary>
    public SettingException(string label, string problem)
        : base($"{label} {problem}")
    {
        Problem = problem;
    }

    /// <summary>What is wrong with the value, without the setting's label.</summary>
    public string Problem { get; } = string.Empty;
}
