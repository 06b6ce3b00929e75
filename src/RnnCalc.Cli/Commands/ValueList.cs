using System.CommandLine;
using System.Globalization;

namespace RnnCalc.Cli.Commands;

/// <summary>Sweep values: comma-separated lists, and for whole numbers also ranges (<c>0..99</c>, <c>1,4..6</c>).</summary>
internal static class ValueList
{
    /// <summary>Largest number of values one list may expand to.</summary>
    public const int MaxValues = 100_000;

    public static Option<IReadOnlyList<long>> Longs(string name, string description, long defaultValue, long min, long max) =>
        new(name)
        {
            Description = description,
            HelpName = "N,N..N",
            DefaultValueFactory = _ => [defaultValue],
            CustomParser = result => Parse(result, name, text =>
            {
                var values = new List<long>();
                foreach (var part in text.Split(','))
                {
                    var dots = part.IndexOf("..", StringComparison.Ordinal);
                    if (dots < 0)
                    {
                        values.Add(Whole(part, name, min, max));
                        continue;
                    }
                    var from = Whole(part[..dots], name, min, max);
                    var to = Whole(part[(dots + 2)..], name, min, max);
                    if (to < from)
                    {
                        throw new FormatException($"{name} {part}: the range is empty (it starts above where it ends)");
                    }
                    if (to - from + values.Count >= MaxValues)
                    {
                        throw new FormatException($"{name} {part}: more than {MaxValues:N0} values");
                    }
                    for (var v = from; v <= to; v++)
                    {
                        values.Add(v);
                    }
                }
                return values;
            }),
        };

    public static Option<IReadOnlyList<double>> Doubles(string name, string description, double defaultValue, double exclusiveMin, double max) =>
        new(name)
        {
            Description = description,
            HelpName = "X,X",
            DefaultValueFactory = _ => [defaultValue],
            CustomParser = result => Parse<double>(result, name, text => [.. text.Split(',').Select(part =>
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v <= exclusiveMin || v > max)
                {
                    throw new FormatException(FormattableString.Invariant($"{name} values must be numbers above {exclusiveMin} and at most {max} (got '{part}')"));
                }
                return v;
            })]),
        };

    public static Option<IReadOnlyList<string>> Choices(string name, string description, string defaultValue, params string[] choices) =>
        new(name)
        {
            Description = $"{description} ({string.Join(", ", choices)})",
            HelpName = "NAME,NAME",
            DefaultValueFactory = _ => [defaultValue],
            CustomParser = result => Parse<string>(result, name, text => [.. text.Split(',').Select(part => choices.Contains(part)
                ? part
                : throw new FormatException($"{name} values must be among: {string.Join(", ", choices)} (got '{part}')"))]),
        };

    private static List<T> Parse<T>(System.CommandLine.Parsing.ArgumentResult result, string name, Func<string, IReadOnlyList<T>> parse)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        try
        {
            var values = parse(text);
            return values.Distinct().ToList();
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return [];
        }
    }

    private static long Whole(string text, string name, long min, long max)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            throw new FormatException($"{name} expects whole numbers or ranges like 0..99 (got '{text}')");
        }
        if (v < min || v > max)
        {
            throw new FormatException(FormattableString.Invariant($"{name} values must be from {min} to {max} (got {v})"));
        }
        return v;
    }
}
