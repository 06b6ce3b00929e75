namespace RnnCalc.Training.Settings;

/// <summary>
/// A setting's value is not acceptable. <see cref="Exception.Message"/> is the whole line with the setting named as
/// the host spells it; <see cref="Problem"/> is what is wrong (e.g. <c>must be from 1 to 4096 (got 0)</c>).
/// </summary>
public sealed class SettingException : Exception
{
    public SettingException()
    {
    }

    public SettingException(string message)
        : base(message)
    {
        Problem = message;
    }

    public SettingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    public SettingException(string label, string problem)
        : base($"{label} {problem}")
    {
        Problem = problem;
    }

    public string Problem { get; } = string.Empty;
}
