using System.CommandLine;
using System.Globalization;

namespace RnnCalc.Cli.Commands;

/// <summary>Options with their range checks, so every command validates the same way and says so in one line.</summary>
internal static class OptionFactory
{
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be from {min} to {max} (got {value})"));
            }
        });
        return option;
    }

    public static Option<long> Long(string name, string description, long defaultValue, long min, long max)
    {
        var option = new Option<long>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<long>();
            if (value < min || value > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be from {min} to {max} (got {value})"));
            }
        });
        return option;
    }

    /// <summary>A finite double strictly above <paramref name="exclusiveMin"/> and at most <paramref name="max"/>.</summary>
    public static Option<double> Double(string name, string description, double defaultValue, double exclusiveMin, double max)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!double.IsFinite(value) || value <= exclusiveMin || value > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number above {exclusiveMin} and at most {max} (got {value})"));
            }
        });
        return option;
    }

    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    public static Option<OutputFormat> Format(params OutputFormat[] allowed)
    {
        var names = allowed.Select(f => f.ToString().ToLowerInvariant()).ToArray();
        var option = new Option<OutputFormat>("--format")
        {
            Description = $"Output: {string.Join(", ", names)}",
            DefaultValueFactory = _ => allowed[0],
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
