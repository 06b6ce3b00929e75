using System.CommandLine;
using System.Globalization;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Persistence;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary><c>rnncalc eval</c>: exhaustive accuracy at the training width, then length generalisation up to 1024 bits.</summary>
internal sealed class EvalCommand
{
    /// <summary>Widest training width evaluated exhaustively (2^24 pairs at most).</summary>
    public const int MaxExhaustiveBits = 12;

    private readonly Option<string?> _model = new("--model") { Description = ModelSource.ModelHelp, HelpName = "FILE" };
    private readonly Option<string> _op = OptionFactory.Choice("--op", ModelSource.OpHelp, "subtract", [.. Operation.All.Select(o => o.Name)]);
    private readonly Option<double?> _initialHidden = OptionFactory.NullableDouble("--initial-hidden", ModelSource.InitialHiddenHelp, -1e3, 1e3);
    private readonly Option<int> _samples = OptionFactory.Int("--samples", "Random pairs per width for length generalisation", 1000, 0, 1_000_000);
    private readonly Option<long> _seed = OptionFactory.Long("--seed", "Seed for the random pairs", 0, 0, uint.MaxValue);
    private readonly Option<OutputFormat> _format = OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Json);
    private readonly Option<bool> _quiet = OptionFactory.Quiet();

    public Command Build(Terminal terminal)
    {
        var command = new Command("eval", "Measure a network: every pair at its training width, random pairs up to 1024 bits, and the products or quotients it carries");
        command.Options.Add(_model);
        command.Options.Add(_op);
        command.Options.Add(_initialHidden);
        command.Options.Add(_samples);
        command.Options.Add(_seed);
        command.Options.Add(_format);
        command.Options.Add(_quiet);
        command.SetAction(parse => Run(parse, terminal));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal)
    {
        terminal = terminal.Quieted(parse.GetValue(_quiet));
        var path = parse.GetValue(_model);
        var model = ModelSource.Get(parse, path, _op, _initialHidden, terminal);
        var problems = model.Config.Problems;
        var exhaustive = problems.Bits <= MaxExhaustiveBits
            ? ProgressDisplay.Run(terminal, "Exhaustive", 1, "sets", _ => BatchEvaluator.Exhaustive(model.Network, problems))
            : null;
        if (exhaustive is null)
        {
            terminal.Note($"training width {problems.Bits} is above {MaxExhaustiveBits} bits: exhaustive evaluation skipped");
        }
        var samples = parse.GetValue(_samples);
        IReadOnlyList<GeneralizationResult> generalization = samples == 0
            ? []
            : LengthGeneralization.Measure(model.Network, problems.Operation, LengthGeneralization.DefaultWidths, samples, (uint)parse.GetValue(_seed));
        // A 1024-bit product is 500 runs of 1024 steps: a fiftieth of the samples keeps eval to seconds.
        var longSamples = Math.Min(samples, Math.Max(1, samples / 50));
        IReadOnlyList<LongOperationResult> longOperations = samples == 0
            ? []
            : LongOperations.Measure(model.Network, problems.Operation, LengthGeneralization.DefaultWidths, longSamples, (uint)parse.GetValue(_seed));

        if (parse.GetValue(_format) == OutputFormat.Json)
        {
            terminal.Output.WriteLine(CliJson.Line(new EvalLine(
                problems.Operation.Name,
                problems.Bits,
                ModelFile.RangeName(problems.Range),
                ProblemText.DropsCarryOut(problems) ? 1L << problems.Steps : null,
                exhaustive is null ? null : new EvalExhaustiveLine(
                    exhaustive.Pairs,
                    exhaustive.Correct,
                    exhaustive.Accuracy,
                    [.. exhaustive.BitErrors.Select(e => (double)e / exhaustive.Pairs)],
                    [.. exhaustive.FirstFailures.Select(f => new EvalFailureLine(f.A, f.B, Evaluator.Answer(model.Network, problems, f), f.Result))]),
                [.. generalization.Select(g => new EvalGeneralizationLine(g.Bits, g.Samples, g.Correct))],
                [.. longOperations.Select(g => new EvalLongOperationLine(g.Operator, g.Bits, g.Samples, g.Correct))])));
        }
        else
        {
            Render(terminal, model.Network, problems, exhaustive, generalization);
            if (longOperations.Count > 0)
            {
                terminal.Ansi.Write(LongOperationsTable(longOperations));
            }
        }
        var allRight = (exhaustive?.AllCorrect ?? true) && generalization.All(g => g.Correct == g.Samples) && longOperations.All(g => g.Correct == g.Samples);
        return allRight ? ExitCode.Success : ExitCode.CheckFailed;
    }

    private static void Render(Terminal terminal, RecurrentNetwork network, ProblemSet problems, EvaluationReport? exhaustive, IReadOnlyList<GeneralizationResult> generalization)
    {
        var ansi = terminal.Ansi;
        var rangeText = ProblemText.Range(problems);
        if (exhaustive is not null)
        {
            var colour = exhaustive.AllCorrect ? "green" : "red";
            ansi.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Exhaustive {problems.Operation.Name} ({Markup.Escape(rangeText)}): [{colour}]{exhaustive.Accuracy * 100:F2}%[/] ({exhaustive.Correct:N0} of {exhaustive.Pairs:N0} pairs right)"));
            if (ProblemText.Learned(problems) is { Length: > 0 } learned)
            {
                ansi.MarkupLineInterpolated($"  {learned}; rnncalc calc runs one step more, for the carry");
            }
            var bits = new Table().Border(TableBorder.Rounded).Title("wrong bits by position")
                .AddColumn("position (0 = lowest)").AddColumn(new TableColumn("wrong").RightAligned()).AddColumn(new TableColumn("rate").RightAligned());
            for (var t = 0; t < exhaustive.BitErrors.Length; t++)
            {
                bits.AddRow(
                    t.ToString(CultureInfo.InvariantCulture),
                    exhaustive.BitErrors[t].ToString("N0", CultureInfo.InvariantCulture),
                    ((double)exhaustive.BitErrors[t] / exhaustive.Pairs).ToString("P2", CultureInfo.InvariantCulture));
            }
            ansi.Write(bits);
            foreach (var failure in exhaustive.FirstFailures)
            {
                ansi.MarkupLineInterpolated($"  [red]wrong:[/] {ProblemText.Failure(problems, failure, Evaluator.Answer(network, problems, failure))}");
            }
        }
        if (generalization.Count == 0)
        {
            ansi.MarkupLine("Length generalisation: not measured (--samples 0).");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title("length generalisation")
            .AddColumn(new TableColumn("bits").RightAligned())
            .AddColumn(new TableColumn("samples").RightAligned())
            .AddColumn(new TableColumn("correct").RightAligned())
            .AddColumn(new TableColumn("accuracy").RightAligned());
        foreach (var g in generalization)
        {
            table.AddRow(
                g.Bits.ToString(CultureInfo.InvariantCulture),
                g.Samples.ToString("N0", CultureInfo.InvariantCulture),
                g.Correct.ToString("N0", CultureInfo.InvariantCulture),
                (g.Accuracy * 100).ToString("F2", CultureInfo.InvariantCulture) + "%");
        }
        ansi.Write(table);
    }

    private static Table LongOperationsTable(IReadOnlyList<LongOperationResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("products, quotients, remainders")
            .AddColumn("operation")
            .AddColumn(new TableColumn("bits").RightAligned())
            .AddColumn(new TableColumn("samples").RightAligned())
            .AddColumn(new TableColumn("correct").RightAligned())
            .AddColumn(new TableColumn("accuracy").RightAligned());
        foreach (var g in results)
        {
            table.AddRow(
                g.Operator,
                g.Bits.ToString(CultureInfo.InvariantCulture),
                g.Samples.ToString("N0", CultureInfo.InvariantCulture),
                g.Correct.ToString("N0", CultureInfo.InvariantCulture),
                (g.Accuracy * 100).ToString("F2", CultureInfo.InvariantCulture) + "%");
        }
        return table;
    }
}
