using System.CommandLine;
using System.Globalization;
using System.Text;
using RnnCalc.Cli.Console;
using RnnCalc.Training;
using RnnCalc.Training.Settings;
using RnnCalc.Verification;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary><c>rnncalc sweep</c>: how reliably, and how fast, settings solve their problems, over many seeds on all cores.</summary>
internal sealed class SweepCommand
{
    private static readonly string[] StatisticColumns = ["runs", "solved", "proven", "undecided", "solvedAt median", "p90", "max", "sequences median"];

    /// <summary>Sweeps check every pair, so at most 12 bits; runs are capped at a billion updates.</summary>
    internal static readonly SettingLimits Limits = new SettingLimits().Cap(TrainingSettings.Bits.Name, 1, 12).Cap(TrainingSettings.Iterations.Name, 1, 1_000_000_000);

    private readonly Option<IReadOnlyList<object?>> _seeds = ValueList.For(TrainingSettings.Seed, Limits, "Seeds to train each configuration with", "--seeds");
    private readonly Dictionary<TrainingSetting, Option<IReadOnlyList<object?>>> _lists = TrainingSettings.All
        .Where(s => s.Sweepable && s != TrainingSettings.Seed)
        .ToDictionary(s => s, s => ValueList.For(s, Limits));
    private readonly Option<string> _iterations = TrainingOptions.SingleValue(TrainingSettings.Iterations, Limits, "Cap on updates per run");
    private readonly Option<string> _checkEvery = TrainingOptions.SingleValue(TrainingSettings.CheckEvery, Limits);
    private readonly Option<bool> _prove = new("--prove") { Description = $"Also run 'verify' on every solved network (up to {VerifyOptions.Quick.TimeLimit.TotalSeconds:0} s of CPU each) and show the shares proven and undecided (default on; --prove false to skip)", DefaultValueFactory = _ => true };
    private readonly Option<bool> _fast = new("--fast") { Description = TrainingSettings.Fast.Description };
    private readonly Option<bool> _untilProven = new("--until-proven") { Description = "Train each run past solved until 'verify' proves it right for every length (--iterations stays the cap)" };
    private readonly Option<long?> _parallel = OptionFactory.NullableLong("--parallel", "Runs trained at once (default: all cores)", 1, 1024);
    private readonly Option<OutputFormat> _format = SweepFormat();
    private readonly Option<bool> _quiet = OptionFactory.Quiet();
    private readonly Option<SweepShard?> _shard = ShardOption();

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command("sweep", "Train many runs (seeds × settings) until solved, and tabulate how reliably and how fast they solve");
        foreach (var option in new Option[] { _seeds }.Concat(_lists.Values).Concat([_iterations, _checkEvery, _fast, _prove, _untilProven, _parallel, _shard, _format, _quiet]))
        {
            command.Options.Add(option);
        }
        command.Subcommands.Add(new SweepMergeCommand().Build(terminal));
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        terminal = terminal.Quieted(parse.GetValue(_quiet));
        var configs = Configs(parse);
        var seeds = (parse.GetValue(_seeds) is { Count: > 0 } given ? given : [0L]).Select(s => (uint)(long)s!).ToList();
        var shard = parse.GetValue(_shard);
        var prove = parse.GetValue(_prove) || parse.GetValue(_untilProven);
        var total = Sweep.RunsIn(shard ?? SweepShard.Whole, configs.Count, seeds.Count);
        IReadOnlyList<SweepRow> rows;
        try
        {
            rows = ProgressDisplay.Run(terminal, "Sweep", total, "runs", tick =>
                Sweep.Run(
                    configs,
                    seeds,
                    (int)(parse.GetValue(_parallel) ?? Environment.ProcessorCount),
                    done => tick(done),
                    prove: prove ? (network, op) => Verifier.Verify(network, op, VerifyOptions.Quick, cancellation) : null,
                    shard: shard,
                    cancellation: cancellation));
        }
        catch (OperationCanceledException)
        {
            terminal.Note("interrupted");
            return ExitCode.Interrupted;
        }
        Print(terminal, rows, configs, parse.GetValue(_format), shard is { } slice ? new SweepPart(string.Empty, slice, default, configs, seeds, prove, rows) : null);
        return ExitCode.Success;
    }

    /// <summary>The rows as asked: a table (columns for the settings that vary), CSV, or JSON (a shard's with what merge needs).</summary>
    internal static void Print(Terminal terminal, IReadOnlyList<SweepRow> rows, IReadOnlyList<TrainingConfig> configs, OutputFormat format, SweepPart? shard = null)
    {
        var varying = Varying(configs);
        switch (format)
        {
            case OutputFormat.Json:
                terminal.Output.WriteLine(SweepJson.Write(rows, shard));
                break;
            case OutputFormat.Csv:
                terminal.Output.Write(Csv(rows));
                break;
            default:
                Render(terminal, rows, varying);
                break;
        }
    }

    private IReadOnlyList<TrainingConfig> Configs(ParseResult parse)
    {
        var lists = _lists
            .Where(l => parse.GetResult(l.Value) is { Implicit: false })
            .Select(l => (l.Key, parse.GetValue(l.Value)!))
            .ToList();
        var untilProven = parse.GetValue(_untilProven);
        var fixedValues = new Dictionary<TrainingSetting, object?>
        {
            [TrainingSettings.Iterations] = Single(parse, _iterations, TrainingSettings.Iterations) ?? 10_000L,
            [TrainingSettings.UntilSolved] = !untilProven,
            [TrainingSettings.UntilProven] = untilProven,
            [TrainingSettings.CheckEvery] = Single(parse, _checkEvery, TrainingSettings.CheckEvery),
            [TrainingSettings.Fast] = parse.GetValue(_fast),
        };
        try
        {
            var configs = TrainingSettings.Product(lists, fixedValues, ValueList.MaxValues);
            if (configs.Select(Trainer.FastRefusals).FirstOrDefault(r => r.Count > 0) is { } refused)
            {
                throw new UsageException($"--fast trains every cell, but not with --batch, --clip or --until-proven, and the sigmoid cell with sgd only: drop {string.Join(", ", refused.Select(r => "--" + r.Name))} (from at least one configuration)");
            }
            return configs;
        }
        catch (SettingException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The settings a sweep's table, JSON and CSV show: every one a sweep can vary, and the cap.</summary>
    private static readonly TrainingSetting[] Shown = [.. TrainingSettings.All.Where(s => s.Sweepable && s != TrainingSettings.Seed), TrainingSettings.Iterations];

    /// <summary>The settings that differ between configurations: the columns worth showing.</summary>
    private static List<TrainingSetting> Varying(IReadOnlyList<TrainingConfig> configs)
    {
        var shown = Shown.Where(s => configs.Select(s.Show).Distinct().Count() > 1).ToList();
        return shown.Count > 0 ? shown : [TrainingSettings.Operation, TrainingSettings.Hidden, TrainingSettings.LearningRate];
    }

    private static object? Single(ParseResult parse, Option<string> option, TrainingSetting setting) =>
        parse.GetResult(option) is { Implicit: false } ? setting.Parse(parse.GetValue(option)!, option.Name, Limits) : null;

    private static void Render(Terminal terminal, IReadOnlyList<SweepRow> rows, List<TrainingSetting> varying)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var setting in varying)
        {
            table.AddColumn(setting.Name.Replace('-', ' '));
        }
        var untilProven = rows.Any(r => r.Config.UntilProven);
        foreach (var name in StatisticColumns.Concat(untilProven ? ["provenAt median"] : []).Append("wall s"))
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }
        foreach (var row in rows)
        {
            var solvedColour = row.Solved == row.Runs ? "green" : row.Solved == 0 ? "red" : "yellow";
            table.AddRow([
                .. varying.Select(v => Markup.Escape(v.Show(row.Config))),
                Invariant(row.Runs),
                $"[{solvedColour}]{(row.SolvedShare * 100).ToString("F0", CultureInfo.InvariantCulture)}%[/]",
                Share(row.Proven, row.Runs),
                Share(row.Undecided, row.Runs),
                Optional(row.SolvedAtMedian),
                Optional(row.SolvedAtP90),
                Optional(row.SolvedAtMax),
                Optional(row.SequencesMedian),
                .. untilProven ? [Optional(row.ProvenAtMedian)] : Array.Empty<string>(),
                row.WallSeconds.ToString("F2", CultureInfo.InvariantCulture),
            ]);
        }
        terminal.Ansi.Write(table);
    }

    private static string Csv(IReadOnlyList<SweepRow> rows)
    {
        var csv = new StringBuilder(string.Join(',', Shown.Select(s => s.JsonName)) + ",runs,solved,proven,undecided,solvedAtMedian,solvedAtP90,solvedAtMax,sequencesMedian,provenAtMedian,wallSeconds\n");
        foreach (var r in rows)
        {
            csv.Append(string.Join(',', Shown.Select(s => s.Get(r.Config) is null ? string.Empty : s.Show(r.Config)))).Append(',');
            csv.Append(CultureInfo.InvariantCulture, $"{r.Runs},{r.Solved},{r.Proven},{r.Undecided},{r.SolvedAtMedian},{r.SolvedAtP90},{r.SolvedAtMax},{r.SequencesMedian},{r.ProvenAtMedian},{r.WallSeconds:F3}\n");
        }
        return csv.ToString();
    }

    private static string Share(int? count, int runs) => count is { } n ? $"{(100.0 * n / runs).ToString("F0", CultureInfo.InvariantCulture)}%" : "-";

    private static string Optional(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Optional(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>What a sweep row's JSON config holds: the settings it shows, by their JSON names.</summary>
    internal static IReadOnlyList<TrainingSetting> JsonSettings => Shown;

    /// <summary><c>--shard K/N</c>: run only shard K (from 0) of N, see <see cref="SweepShard"/>.</summary>
    private static Option<SweepShard?> ShardOption() => new("--shard")
    {
        Description = "Run only shard K of N (K from 0 to N-1): runs r = configuration × seeds + seed with r mod N = K; 'sweep merge' joins the shards' --format json",
        HelpName = "K/N",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0
                || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                result.AddError($"--shard expects K/N, shard K of N counted from 0 (got '{(text.Length <= 40 ? text : text[..40] + "…")}')");
                return null;
            }
            if (count < 1 || count > MaxShards || index >= count)
            {
                result.AddError(FormattableString.Invariant($"--shard K/N needs N from 1 to {MaxShards:N0} and K from 0 to N-1 (got {index}/{count})"));
                return null;
            }
            return new SweepShard(index, count);
        },
    };

    /// <summary>Largest N of --shard K/N.</summary>
    private const int MaxShards = 1_000_000;

    internal static Option<OutputFormat> SweepFormat() => OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Csv, OutputFormat.Json);
}
