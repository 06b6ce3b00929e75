namespace RnnCalc.Training.Settings;

/// <summary>What a setting's value is, which tells a host how to bind it (a typed option, a JSON number, a flag).</summary>
public enum SettingKind
{
    /// <summary>A whole number in a range.</summary>
    Whole,

    /// <summary>A finite number above a lower bound and at most an upper bound.</summary>
    Number,

    /// <summary>One of a list of names.</summary>
    Choice,

    /// <summary>On or off.</summary>
    Flag,
}
