using System.CommandLine;
using RnnCalc.Training.Settings;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// A training setting bound to a list, for sweeps: comma-separated values, and for whole numbers also ranges
/// (<c>0..99</c>, <c>1,4..6</c>); each value parsed and range-checked by the settings schema.
/// </summary>
internal static class ValueList
{
    /// <summary>Largest number of values one list may expand to.</summary>
    public const int MaxValues = 100_000;

    public static Option<IReadOnlyList<object?>> For(TrainingSetting setting, SettingLimits limits, string? description = null, string? optionName = null)
    {
        var name = optionName ?? "--" + setting.Name;
        return new(name)
        {
            Description = $"{description ?? setting.Description}: {setting.RangeText(limits)}{(setting.Optional ? " or none" : string.Empty)}, comma-separated{(setting.Kind == SettingKind.Whole ? " or ranges like 0..99" : string.Empty)} [default: {setting.DefaultText}]",
            HelpName = setting.Kind switch
            {
                SettingKind.Whole => "N,N..N",
                SettingKind.Number => "X,X",
                _ => "NAME,NAME",
            },
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                try
                {
                    return Parse(setting, limits, name, text);
                }
                catch (SettingException e)
                {
                    result.AddError(e.Message);
                    return [];
                }
            },
        };
    }

    private static List<object?> Parse(TrainingSetting setting, SettingLimits limits, string name, string text)
    {
        var values = new List<object?>();
        foreach (var part in text.Split(','))
        {
            var dots = setting.Kind == SettingKind.Whole ? part.IndexOf("..", StringComparison.Ordinal) : -1;
            if (dots < 0)
            {
                values.Add(setting.Parse(part, name, limits));
                continue;
            }
            var from = (long)setting.Parse(part[..dots], name, limits)!;
            var to = (long)setting.Parse(part[(dots + 2)..], name, limits)!;
            if (to < from)
            {
                throw new SettingException($"{name} {part}: the range is empty (it starts above where it ends)");
            }
            if (to - from + values.Count >= MaxValues)
            {
                throw new SettingException($"{name} {part}: more than {MaxValues:N0} values");
            }
            for (var v = from; v <= to; v++)
            {
                values.Add(v);
            }
        }
        return [.. values.Distinct()];
    }
}
