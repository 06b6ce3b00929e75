using System.CommandLine;
using RnnCalc.Cli.Console;
using RnnCalc.Training;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// <c>rnncalc sweep merge PARTS…</c>: the table (or CSV, or JSON) of the whole sweep from its shards' JSON — the same
/// numbers as the sweep run in one go; parts of different sweeps, a shard given twice or a shard missing are refused.
/// </summary>
internal sealed class SweepMergeCommand
{
    private readonly Argument<string[]> _parts = new("parts") { Description = "The JSON files of every shard, from sweep --shard K/N --format json (any order)", Arity = ArgumentArity.OneOrMore };
    private readonly Option<OutputFormat> _format = SweepCommand.SweepFormat();

    public Command Build(Terminal terminal)
    {
        var command = new Command("merge", "Join the shards of a sweep (sweep --shard K/N --format json) into the whole sweep's table");
        command.Arguments.Add(_parts);
        command.Options.Add(_format);
        command.SetAction(parse => Run(parse, terminal));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal)
    {
        var parts = parse.GetValue(_parts)!.Select(Read).ToList();
        var first = parts[0];
        foreach (var part in parts.Skip(1))
        {
            if (!System.Text.Json.JsonElement.DeepEquals(part.Definition, first.Definition))
            {
                throw new UsageException($"'{part.Path}' is from a different sweep than '{first.Path}': their settings or seeds differ");
            }
            if (part.Shard.Count != first.Shard.Count)
            {
                throw new UsageException($"'{part.Path}' is shard {part.Shard} and '{first.Path}' shard {first.Shard}: the sweep was cut into different numbers of shards");
            }
        }
        if (parts.GroupBy(p => p.Shard.Index).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new UsageException($"shard {twice.First().Shard} is given twice: {string.Join(" and ", twice.Select(p => $"'{p.Path}'"))}");
        }
        var missing = Enumerable.Range(0, first.Shard.Count).Except(parts.Select(p => p.Shard.Index)).Select(k => new SweepShard(k, first.Shard.Count).ToString()).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException(missing.Count == 1
                ? $"shard {missing[0]} is missing"
                : $"{missing.Count} shards are missing: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : string.Empty)}");
        }
        var rows = Sweep.Merge(first.Configs, first.Seeds, [.. parts.Select(p => p.Rows)], first.Prove);
        SweepCommand.Print(terminal, rows, first.Configs, parse.GetValue(_format));
        return ExitCode.Success;
    }

    private static SweepPart Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read sweep shard '{path}': {e.Message}");
        }
        return SweepJson.Read(path, text, SweepCommand.Limits);
    }
}
