using System.CommandLine;
using System.Globalization;
using System.Text;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;
using RnnCalc.Training;
using RnnCalc.Verification;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary><c>rnncalc sweep</c>: how reliably, and how fast, settings solve their problems, over many seeds on all cores.</summary>
internal sealed class SweepCommand
{
    private static readonly string[] StatisticColumns = ["runs", "solved", "proven", "solvedAt median", "p90", "max", "sequences median"];

    private readonly Option<IReadOnlyList<long>> _seeds = ValueList.Longs("--seeds", "Seeds to train each configuration with", 0, 0, uint.MaxValue);
    private readonly Option<IReadOnlyList<long>> _hidden = ValueList.Longs("--hidden", "Hidden units", 16, 1, ModelFile.MaxHidden);
    private readonly Option<IReadOnlyList<double>> _learningRate = ValueList.Doubles("--learning-rate", "Step sizes", 0.9, 0, double.MaxValue);
    private readonly Option<IReadOnlyList<string>> _optimizer = ValueList.Choices("--optimizer", "Optimizers", "sgd", "sgd", "momentum", "adam");
    private readonly Option<IReadOnlyList<long>> _batch = ValueList.Longs("--batch", "Sequences per update", 1, 1, 1_000_000);
    private readonly Option<IReadOnlyList<double>> _clip = ValueList.Doubles("--clip", "Update-norm clips (0 = none)", 0, -1, 1e12);
    private readonly Option<IReadOnlyList<double>> _initScale = ValueList.Doubles("--init-scale", "Initial weight scales", 0.05, 0, 1e3);
    private readonly Option<IReadOnlyList<double>> _initialHidden = ValueList.Doubles("--initial-hidden", "Initial hidden values", 0.1, -1e3, 1e3);
    private readonly Option<IReadOnlyList<string>> _op = ValueList.Choices("--op", "Operations", "subtract", [.. Operation.All.Select(o => o.Name)]);
    private readonly Option<IReadOnlyList<long>> _bits = ValueList.Longs("--bits", "Training widths (at most 12: every pair is checked)", 8, 1, 12);
    private readonly Option<IReadOnlyList<string>> _range = ValueList.Choices("--range", "Ranges", "tutorial", "tutorial", "full");
    private readonly Option<long> _iterations = OptionFactory.Long("--iterations", "Cap on updates per run", 10_000, 1, 1_000_000_000);
    private readonly Option<long?> _checkEvery = OptionFactory.NullableLong("--check-every", "Updates between exhaustive checks (default: 250, adaptive)", 1, long.MaxValue);
    private readonly Option<bool> _prove = new("--prove") { Description = "Also run 'verify' on every solved network and show the share proven (default on; --prove false to skip)", DefaultValueFactory = _ => true };
    private readonly Option<bool> _untilProven = new("--until-proven") { Description = "Train each run past solved until 'verify' proves it right for every length (--iterations stays the cap)" };
    private readonly Option<long?> _parallel = OptionFactory.NullableLong("--parallel", "Runs trained at once (default: all cores)", 1, 1024);
    private readonly Option<OutputFormat> _format = SweepFormat();

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command("sweep", "Train many runs (seeds × settings) until solved, and tabulate how reliably and how fast they solve");
        foreach (var option in new Option[] { _seeds, _hidden, _learningRate, _optimizer, _batch, _clip, _initScale, _initialHidden, _op, _bits, _range, _iterations, _checkEvery, _prove, _untilProven, _parallel, _format })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        var configs = Configs(parse);
        var seeds = parse.GetValue(_seeds)!.Select(s => (uint)s).ToList();
        var total = configs.Count * seeds.Count;
        IReadOnlyList<SweepRow> rows;
        try
        {
            rows = ProgressDisplay.Run(terminal, "Sweep", total, "runs", tick =>
                Sweep.Run(
                    configs,
                    seeds,
                    (int)(parse.GetValue(_parallel) ?? Environment.ProcessorCount),
                    done => tick(done),
                    prove: parse.GetValue(_prove) || parse.GetValue(_untilProven) ? (network, op) => Verifier.Verify(network, op, VerifyOptions.Quick, cancellation).Proven : null,
                    cancellation: cancellation));
        }
        catch (OperationCanceledException)
        {
            terminal.Note("interrupted");
            return ExitCode.Interrupted;
        }
        var varying = Varying(configs);
        switch (parse.GetValue(_format))
        {
            case OutputFormat.Json:
                terminal.Output.WriteLine(SweepJson.Write(rows));
                break;
            case OutputFormat.Csv:
                terminal.Output.Write(Csv(rows));
                break;
            default:
                Render(terminal, rows, varying);
                break;
        }
        return ExitCode.Success;
    }

    private List<TrainingConfig> Configs(ParseResult parse)
    {
        var configs = new List<TrainingConfig>();
        var checkEvery = parse.GetValue(_checkEvery);
        foreach (var op in parse.GetValue(_op)!)
        {
            foreach (var bits in parse.GetValue(_bits)!)
            {
                foreach (var range in parse.GetValue(_range)!)
                {
                    foreach (var hidden in parse.GetValue(_hidden)!)
                    {
                        foreach (var optimizer in parse.GetValue(_optimizer)!)
                        {
                            foreach (var rate in parse.GetValue(_learningRate)!)
                            {
                                foreach (var batch in parse.GetValue(_batch)!)
                                {
                                    foreach (var clip in parse.GetValue(_clip)!)
                                    {
                                        foreach (var scale in parse.GetValue(_initScale)!)
                                        {
                                            foreach (var initial in parse.GetValue(_initialHidden)!)
                                            {
                                                if (!Operation.TryParse(op, out var operation))
                                                {
                                                    throw new UsageException($"--op {op} is not an operation");
                                                }
                                                configs.Add(TrainingConfig.Tutorial with
                                                {
                                                    Operation = operation,
                                                    Bits = (int)bits,
                                                    Range = range == "full" ? TrainingRange.Full : TrainingRange.Tutorial,
                                                    Hidden = (int)hidden,
                                                    Optimizer = Enum.Parse<OptimizerKind>(optimizer, ignoreCase: true),
                                                    LearningRate = rate,
                                                    Batch = (int)batch,
                                                    Clip = clip > 0 ? clip : null,
                                                    InitScale = scale,
                                                    InitialHidden = initial,
                                                    Iterations = parse.GetValue(_iterations),
                                                    UntilSolved = !parse.GetValue(_untilProven),
                                                    UntilProven = parse.GetValue(_untilProven),
                                                    CheckEvery = checkEvery,
                                                });
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (configs.Count > ValueList.MaxValues)
        {
            throw new UsageException($"the sweep has {configs.Count:N0} configurations; at most {ValueList.MaxValues:N0}");
        }
        return configs;
    }

    /// <summary>The settings that differ between configurations: the columns worth showing.</summary>
    private static List<(string Name, Func<TrainingConfig, string> Value)> Varying(IReadOnlyList<TrainingConfig> configs)
    {
        var all = new List<(string Name, Func<TrainingConfig, string> Value)>
        {
            ("op", c => c.Operation.Name),
            ("bits", c => Invariant(c.Bits)),
            ("range", c => ModelFile.RangeName(c.Range)),
            ("hidden", c => Invariant(c.Hidden)),
            ("optimizer", c => ModelFile.OptimizerName(c.Optimizer)),
            ("learning rate", c => Invariant(c.LearningRate)),
            ("batch", c => Invariant(c.Batch)),
            ("clip", c => c.Clip is { } x ? Invariant(x) : "none"),
            ("init scale", c => Invariant(c.InitScale)),
            ("initial hidden", c => Invariant(c.InitialHidden)),
        };
        var shown = all.Where(column => configs.Select(column.Value).Distinct().Count() > 1).ToList();
        return shown.Count > 0 ? shown : [all[0], all[3], all[5]];
    }

    private static void Render(Terminal terminal, IReadOnlyList<SweepRow> rows, List<(string Name, Func<TrainingConfig, string> Value)> varying)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (name, _) in varying)
        {
            table.AddColumn(name);
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
                .. varying.Select(v => Markup.Escape(v.Value(row.Config))),
                Invariant(row.Runs),
                $"[{solvedColour}]{(row.SolvedShare * 100).ToString("F0", CultureInfo.InvariantCulture)}%[/]",
                row.Proven is { } proven ? $"{(100.0 * proven / row.Runs).ToString("F0", CultureInfo.InvariantCulture)}%" : "-",
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
        var csv = new StringBuilder("operation,bits,range,hidden,optimizer,learningRate,batch,clip,initScale,initialHidden,iterations,runs,solved,proven,solvedAtMedian,solvedAtP90,solvedAtMax,sequencesMedian,provenAtMedian,wallSeconds\n");
        foreach (var r in rows)
        {
            var c = r.Config;
            csv.Append(CultureInfo.InvariantCulture, $"{c.Operation.Name},{c.Bits},{ModelFile.RangeName(c.Range)},{c.Hidden},{ModelFile.OptimizerName(c.Optimizer)},{c.LearningRate},{c.Batch},{c.Clip},{c.InitScale},{c.InitialHidden},{c.Iterations},");
            csv.Append(CultureInfo.InvariantCulture, $"{r.Runs},{r.Solved},{r.Proven},{r.SolvedAtMedian},{r.SolvedAtP90},{r.SolvedAtMax},{r.SequencesMedian},{r.ProvenAtMedian},{r.WallSeconds:F3}\n");
        }
        return csv.ToString();
    }

    private static string Optional(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Optional(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static Option<OutputFormat> SweepFormat() => OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Csv, OutputFormat.Json);
}
