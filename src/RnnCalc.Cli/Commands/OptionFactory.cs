using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace RnnCalc.Cli.Commands;

/// <summary>Options with their range checks, so every command validates the same way and says so in one line.</summary>
internal static class OptionFactory
{
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max) =>
        Parsed(name, description, defaultValue, WholeNumber, ParseInt, v => v >= min && v <= max, $"from {min} to {max}");

    public static Option<long> Long(string name, string description, long defaultValue, long min, long max) =>
        Parsed(name, description, defaultValue, WholeNumber, ParseLong, v => v >= min && v <= max, $"from {min} to {max}");

    /// <summary>A finite double strictly above <paramref name="exclusiveMin"/> and at most <paramref name="max"/>.</summary>
    public static Option<double> Double(string name, string description, double defaultValue, double exclusiveMin, double max) =>
        Parsed(name, description, defaultValue, Number, ParseDouble, v => double.IsFinite(v) && v > exclusiveMin && v <= max, $"a number above {exclusiveMin} and at most {max}");

    /// <summary>An optional finite double above <paramref name="exclusiveMin"/>; absent means null.</summary>
    public static Option<double?> NullableDouble(string name, string description, double exclusiveMin, double max) =>
        Nullable(name, description, Number, ParseDouble, v => double.IsFinite(v) && v > exclusiveMin && v <= max, $"a number above {exclusiveMin} and at most {max}");

    /// <summary>An optional whole number in a range; absent means null.</summary>
    public static Option<long?> NullableLong(string name, string description, long min, long max) =>
        Nullable(name, description, WholeNumber, ParseLong, v => v >= min && v <= max, $"from {min} to {max}");

    private const string WholeNumber = "a whole number";
    private const string Number = "a number";

    private static readonly TryParse<int> ParseInt = (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    private static readonly TryParse<long> ParseLong = (string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    private static readonly TryParse<double> ParseDouble = (string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static Option<T> Parsed<T>(string name, string description, T defaultValue, string kind, TryParse<T> tryParse, Func<T, bool> inRange, string range)
        where T : struct, IFormattable => new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Read(result, name, kind, tryParse, inRange, range) ?? defaultValue,
        };

    private static Option<T?> Nullable<T>(string name, string description, string kind, TryParse<T> tryParse, Func<T, bool> inRange, string range)
        where T : struct, IFormattable => new(name)
        {
            Description = description,
            CustomParser = result => Read(result, name, kind, tryParse, inRange, range),
        };

    /// <summary>Parses and range-checks in one place, so a bad value is one clear parse error, never an exception; null when it does not parse.</summary>
    private static T? Read<T>(ArgumentResult result, string name, string kind, TryParse<T> tryParse, Func<T, bool> inRange, string range)
        where T : struct, IFormattable
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!tryParse(text, out var value))
        {
            result.AddError($"{name} expects {kind} (got '{Shorten(text)}')");
            return null;
        }
        if (!inRange(value))
        {
            result.AddError(FormattableString.Invariant($"{name} must be {range} (got {value})"));
        }
        return value;
    }

    /// <summary>
    /// <c>--quiet</c> for the long-running commands: no progress bar or progress lines, no progress rows, no notes on
    /// stderr; the result lines on stdout, the one error line on stderr and the exit code stay as they are.
    /// </summary>
    public static Option<bool> Quiet() => new("--quiet", "-q")
    {
        Description = "For scripts: no progress and no notes; only the result lines, errors and the exit code",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>One of a few names; anything else is one line naming them, with a "did you mean" when one is close.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = string.Join("|", choices) };
        option.Validators.Add(result =>
        {
            // An absent option is its default, which is one of the choices.
            if (result.Tokens.Count == 0)
            {
                return;
            }
            var token = result.Tokens[0].Value;
            if (Array.IndexOf(choices, token) < 0)
            {
                var suggestion = Spelling.Closest(token, choices);
                result.AddError($"{name} must be one of: {string.Join(", ", choices)} (got '{Shorten(token)}')" + (suggestion is null ? string.Empty : $". Did you mean '{suggestion}'?"));
            }
        });
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>
    /// --format, one of <paramref name="allowed"/>; the first is the default, and must be OutputFormat's first value:
    /// an absent option reads as that, so help can say the default as it is typed (System.CommandLine would print
    /// the C# name, "Pretty").
    /// </summary>
    public static Option<OutputFormat> Format(params OutputFormat[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (allowed.Length == 0 || allowed[0] != default)
        {
            throw new ArgumentException($"the default format comes first and is {default(OutputFormat)}", nameof(allowed));
        }
        var names = allowed.Select(f => f.ToString().ToLowerInvariant()).ToArray();
        var option = new Option<OutputFormat>("--format")
        {
            Description = $"Output: {string.Join(", ", names)} (default: {names[0]})",
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                var index = Array.IndexOf(names, token);
                if (index < 0)
                {
                    result.AddError($"--format must be one of: {string.Join(", ", names)} (got '{token}')");
                    return allowed[0];
                }
                return allowed[index];
            },
        };
        option.HelpName = string.Join("|", names);
        return option;
    }
}
