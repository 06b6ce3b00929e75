using System.Globalization;

namespace RnnCalc.Training.Settings;

/// <summary>
/// One training setting, described once: its name (<c>learning-rate</c> on the command line, <c>learningRate</c> in
/// JSON), what it means, its kind and range, how its text parses, and how it applies to a <see cref="TrainingConfig"/>.
/// Values are <see cref="long"/> (whole), <see cref="double"/> (number), <see cref="string"/> (choice),
/// <see cref="bool"/> (flag), or null for an optional setting left to its default ("none").
/// </summary>
public sealed class TrainingSetting
{
    private readonly Func<TrainingConfig, object?> _get;
    private readonly Func<TrainingConfig, object?, TrainingConfig> _set;

    internal TrainingSetting(string name, SettingKind kind, string description, double min, double max, IReadOnlyList<string>? choices, bool optional, bool sweepable, Func<TrainingConfig, object?> get, Func<TrainingConfig, object?, TrainingConfig> set, string? jsonName = null)
    {
        Name = name;
        Kind = kind;
        Description = description;
        Min = min;
        Max = max;
        Choices = choices ?? [];
        Optional = optional;
        Sweepable = sweepable;
        _get = get;
        _set = set;
        var parts = name.Split('-');
        JsonName = jsonName ?? parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary>As on the command line, without the dashes: <c>learning-rate</c>.</summary>
    public string Name { get; }

    /// <summary>As in JSON (the web API, sweep output): <c>learningRate</c>.</summary>
    public string JsonName { get; }

    /// <summary>What kind of value it takes: a whole number, a number, a choice or a flag.</summary>
    public SettingKind Kind { get; }

    /// <summary>One line for help text.</summary>
    public string Description { get; }

    /// <summary>Smallest whole value, or the number the value must be above.</summary>
    public double Min { get; }

    /// <summary>Largest value (inclusive).</summary>
    public double Max { get; }

    /// <summary>The names a choice may take (empty for other kinds).</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>The value may be <c>none</c>: left to the cell's default, or not used (no clipping, no checks).</summary>
    public bool Optional { get; }

    /// <summary>A sweep may take a list of values for it.</summary>
    public bool Sweepable { get; }

    /// <summary>The config's value of this setting.</summary>
    public object? Get(TrainingConfig config) => _get(config);

    /// <summary>The config's value as text, as it would be typed (<c>none</c> when unset).</summary>
    public string Show(TrainingConfig config) => Format(_get(config));

    /// <summary>The config's value written as JSON: a number, a string, a boolean, or null.</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter json, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (_get(config))
        {
            case null:
                json.WriteNull(JsonName);
                break;
            case long whole:
                json.WriteNumber(JsonName, whole);
                break;
            case double number:
                json.WriteNumber(JsonName, number);
                break;
            case bool flag:
                json.WriteBoolean(JsonName, flag);
                break;
            case var other:
                json.WriteString(JsonName, Format(other));
                break;
        }
    }

    /// <summary>A copy of <paramref name="config"/> with this setting set to <paramref name="value"/>, a value as <see cref="Parse"/> returns it.</summary>
    public TrainingConfig Apply(TrainingConfig config, object? value)
    {
        ArgumentNullException.ThrowIfNull(config);
        return _set(config, value);
    }

    /// <summary>What each cell starts from, e.g. <c>0.9</c>, or <c>0.9 (sigmoid), 0.01 (tanh, gru, lstm)</c>.</summary>
    public string DefaultText
    {
        get
        {
            // The cell itself defaults to the tutorial's; the others may differ by cell.
            var cells = ReferenceEquals(this, TrainingSettings.Cell) ? [Network.Cells.Cell.Sigmoid] : Network.Cells.Cell.All;
            var byValue = cells.GroupBy(cell => Show(TrainingConfig.For(cell))).ToList();
            return byValue.Count == 1
                ? byValue[0].Key
                : string.Join(", ", byValue.Select(g => $"{g.Key} ({string.Join(", ", g.Select(c => c.Name))})"));
        }
    }

    /// <summary>The allowed values in words, e.g. <c>from 1 to 4096</c>, with a host's caps.</summary>
    public string RangeText(SettingLimits? limits = null)
    {
        var (min, max) = (limits ?? SettingLimits.None).For(this);
        return Kind switch
        {
            SettingKind.Whole => Invariant($"from {min} to {max}"),
            SettingKind.Number => Invariant($"a number above {min} and at most {max}"),
            SettingKind.Choice => "one of: " + string.Join(", ", Choices),
            _ => "true or false",
        };
    }

    /// <summary>
    /// Parses one value, checked against the range and the host's caps; a bad value throws a
    /// <see cref="SettingException"/> whose message starts with <paramref name="label"/> (e.g. <c>--hidden</c>).
    /// </summary>
    public object? Parse(string text, string label, SettingLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Optional && text == "none")
        {
            return null;
        }
        var (min, max) = (limits ?? SettingLimits.None).For(this);
        switch (Kind)
        {
            case SettingKind.Whole:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                {
                    throw new SettingException(label, $"expects a whole number{NoneHint} (got '{Shorten(text)}')");
                }
                if (whole < min || whole > max)
                {
                    throw new SettingException(label, Invariant($"must be {RangeText(limits)} (got {whole})"));
                }
                return whole;
            case SettingKind.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    throw new SettingException(label, $"expects a number{NoneHint} (got '{Shorten(text)}')");
                }
                if (!double.IsFinite(number) || number <= min || number > max)
                {
                    throw new SettingException(label, Invariant($"must be {RangeText(limits)} (got {number})"));
                }
                return number;
            case SettingKind.Choice:
                var choice = Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
                return choice ?? throw new SettingException(label, $"must be {RangeText(limits)} (got '{Shorten(text)}')");
            default:
                return bool.TryParse(text, out var flag) ? flag : throw new SettingException(label, $"must be true or false (got '{Shorten(text)}')");
        }
    }

    private string NoneHint => Optional ? " or none" : string.Empty;

    private static string Format(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>The setting's <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
