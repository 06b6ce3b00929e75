using System.CommandLine;
using RnnCalc.Training;
using RnnCalc.Training.Settings;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// The training settings schema (<see cref="TrainingSettings"/>) bound to single-valued options: one option per
/// setting, parsed and range-checked by the schema, and the config built from the cell's defaults plus what was typed
/// — on top of a <c>--preset</c>'s values when one is given.
/// </summary>
internal sealed class TrainingOptions
{
    private readonly Dictionary<TrainingSetting, Option> _options = [];
    private readonly Option<string> _preset = Preset();

    public TrainingOptions()
    {
        foreach (var setting in TrainingSettings.All)
        {
            _options[setting] = Bind(setting);
        }
    }

    public IEnumerable<Option> All => [_preset, .. _options.Values];

    public Option this[TrainingSetting setting] => _options[setting];

    /// <summary>Training options the user typed (not defaults): with --resume only --iterations may be given.</summary>
    public IEnumerable<string> Given(ParseResult parse) =>
        All.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name);

    public bool IsGiven(ParseResult parse, TrainingSetting setting) => parse.GetResult(_options[setting]) is { Implicit: false };

    /// <summary>The --preset given, if any.</summary>
    public TrainingPreset? Preset(ParseResult parse) => TrainingPreset.Find(parse.GetValue(_preset));

    /// <summary>True when the setting was typed or the --preset sets it: either way it is not left to a default.</summary>
    public bool IsSet(ParseResult parse, TrainingSetting setting) =>
        IsGiven(parse, setting) || (Preset(parse)?.Values.ContainsKey(setting) ?? false);

    /// <summary>The typed value of a setting (parsed again: the parser already checked it, so this cannot fail).</summary>
    public object? Value(ParseResult parse, TrainingSetting setting)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(setting);
        return _options[setting] switch
        {
            Option<bool> flag => parse.GetValue(flag),
            Option<string> text => setting.Parse(parse.GetValue(text) ?? string.Empty, "--" + setting.Name),
            _ => throw new InvalidOperationException(setting.Name),
        };
    }

    public TrainingConfig Read(ParseResult parse)
    {
        var values = new Dictionary<TrainingSetting, object?>();
        foreach (var setting in TrainingSettings.All.Where(s => IsGiven(parse, s)))
        {
            values[setting] = Value(parse, setting);
        }
        var config = TrainingSettings.Build(Preset(parse)?.With(values) ?? values);
        if (config.Bits > 12 && (config.UntilSolved || config.UntilProven))
        {
            throw new UsageException($"--until-solved and --until-proven check every pair, which needs --bits 12 or less (got {config.Bits})");
        }
        return config;
    }

    /// <summary>--preset NAME: no default, since with none the cell's own defaults apply (<see cref="TrainingConfig.For"/>).</summary>
    private static Option<string> Preset()
    {
        var names = TrainingPreset.All.Select(p => p.Name).ToArray();
        var described = string.Join(", ", TrainingPreset.All.Select(p => $"{p.Name} ({p.Description})"));
        var option = OptionFactory.Choice("--preset", $"Start from the settings of a published run: {described}; other options override its values", names[0], names);
        option.DefaultValueFactory = null;
        return option;
    }

    private static Option Bind(TrainingSetting setting) =>
        setting.Kind == SettingKind.Flag
            ? new Option<bool>("--" + setting.Name) { Description = setting.Description }
            : SingleValue(setting, SettingLimits.None);

    /// <summary>One value of a setting as a text option the schema parses and range-checks (with a host's caps), so a bad value is one parse error.</summary>
    internal static Option<string> SingleValue(TrainingSetting setting, SettingLimits limits, string? description = null)
    {
        var name = "--" + setting.Name;
        return new Option<string>(name)
        {
            Description = $"{description ?? setting.Description}: {setting.RangeText(limits)}{(setting.Optional ? " or none" : string.Empty)} [default: {setting.DefaultText}]",
            HelpName = setting.Kind switch
            {
                SettingKind.Whole => "N",
                SettingKind.Number => "X",
                _ => string.Join("|", setting.Choices),
            },
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                try
                {
                    setting.Parse(text, name, limits);
                }
                catch (SettingException e)
                {
                    result.AddError(e.Message);
                }
                return text;
            },
        };
    }
}
