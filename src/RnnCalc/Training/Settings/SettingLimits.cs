namespace RnnCalc.Training.Settings;

/// <summary>
/// A host's own caps, tighter than the schema's ranges (the web server's 64 hidden units, sweep's 12 bits); a
/// setting with no entry keeps the schema's range.
/// </summary>
public sealed class SettingLimits
{
    private readonly Dictionary<string, (double Min, double Max)> _caps = new(StringComparer.Ordinal);

    /// <summary>No caps: every setting keeps its schema range. Shared: do not <see cref="Cap"/> it.</summary>
    public static SettingLimits None { get; } = new();

    /// <summary>Caps a setting to [min, max] (for numbers: above min and at most max), within its schema range.</summary>
    public SettingLimits Cap(string name, double min, double max)
    {
        _caps[name] = (min, max);
        return this;
    }

    /// <summary>The range <paramref name="setting"/> may take here: its schema range narrowed by the cap, if any.</summary>
    public (double Min, double Max) For(TrainingSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return _caps.TryGetValue(setting.Name, out var cap)
            ? (Math.Max(cap.Min, setting.Min), Math.Min(cap.Max, setting.Max))
            : (setting.Min, setting.Max);
    }
}
