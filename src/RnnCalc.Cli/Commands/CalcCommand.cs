using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// <c>rnncalc calc 200 - 57</c>: arithmetic done by the networks, bit by bit, with an optional trace; with no
/// expression, one expression per line from stdin (a prompt on a terminal, <c>_</c> the last result).
/// </summary>
internal sealed class CalcCommand
{
    private const string Name = "calc";

    private readonly Argument<string[]> _expression = new("expression") { Description = "Integers with + - * / % and parentheses, e.g. 200 - 57 or \"12 * (3 + 4)\" (the words are joined); none: read one per line from stdin", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _models = new("--model") { Description = "Network file (one per operation: add, subtract): an rnncalc model or checkpoint, a numpy .npz or the tutorial's printed output; default: train the tutorial's network for any not given", HelpName = "FILE", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string> _op = OptionFactory.Choice("--op", "Operation of a --model file that does not record one (.npz, printed output)", "subtract", [.. Operation.All.Select(o => o.Name)]);
    private readonly Option<double?> _initialHidden = OptionFactory.NullableDouble("--initial-hidden", ModelSource.InitialHiddenHelp, -1e3, 1e3);
    private readonly Option<bool> _trace = new("--trace") { Description = "Show each operation's network runs and steps, and every bit of each + and -" };
    private readonly Option<long?> _traceRun = OptionFactory.NullableLong("--trace-run", "Show every bit of network run N (numbered from 1, see --trace)", 1, int.MaxValue);

    public CalcCommand() => _traceRun.HelpName = "N";
    private readonly Option<int> _maxBits = OptionFactory.Int("--max-bits", "Widest operand or intermediate result, in bits (sign included)", 8192, 1, 1_000_000);
    private readonly Option<OutputFormat> _format = OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Json);

    /// <summary>The calc options that take a value, for <see cref="JoinExpression"/>.</summary>
    private static readonly string[] ValueOptions = ["--model", "--op", "--initial-hidden", "--trace-run", "--max-bits", "--format"];

    /// <summary>The calc options without a value.</summary>
    private static readonly string[] Flags = ["--trace", "--help", "-h", "-?"];

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command(Name, "Calculate with the networks: integers of any size, + - * / % and parentheses");
        command.Arguments.Add(_expression);
        command.Options.Add(_models);
        command.Options.Add(_op);
        command.Options.Add(_initialHidden);
        command.Options.Add(_trace);
        command.Options.Add(_traceRun);
        command.Options.Add(_maxBits);
        command.Options.Add(_format);
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    /// <summary>
    /// <c>calc 200 - 57</c> unquoted: every word that is not a calc option (or an option's value) is part of the
    /// expression, joined with spaces and passed after <c>--</c>, so <c>-</c> and <c>-57</c> are never taken for options.
    /// Words that look like options (a dash and a letter) stay options, so typos still get "did you mean".
    /// </summary>
    public static string[] JoinExpression(string[] args)
    {
        if (args.Length == 0 || args[0] != Name)
        {
            return args;
        }
        var options = new List<string> { Name };
        var words = new List<string>();
        for (var k = 1; k < args.Length; k++)
        {
            var arg = args[k];
            var name = arg.Split('=', 2)[0];
            if (ValueOptions.Contains(name))
            {
                options.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && k + 1 < args.Length)
                {
                    options.Add(args[++k]);
                }
            }
            else if (arg.Length > 1 && arg[0] == '-' && (char.IsAsciiLetter(arg[1]) || arg[1] == '?' || (arg[1] == '-' && arg.Length > 2 && char.IsAsciiLetter(arg[2]))))
            {
                // Otherwise the parser would take an unknown option for a word of the expression.
                if (!Flags.Contains(name))
                {
                    var suggestion = Spelling.Closest(name, [.. ValueOptions, .. Flags.Where(f => f.StartsWith("--", StringComparison.Ordinal))]);
                    throw new UsageException($"Unrecognized command or argument '{arg}'.{(suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?")}");
                }
                options.Add(arg);
            }
            else
            {
                words.Add(arg);
            }
        }
        if (words.Count > 0)
        {
            options.Add("--");
            options.Add(string.Join(' ', words));
        }
        return [.. options];
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        var words = parse.GetValue(_expression) ?? [];
        var settings = new CalcSettings(parse.GetValue(_maxBits), parse.GetValue(_trace), (int?)parse.GetValue(_traceRun), parse.GetValue(_format) == OutputFormat.Json);
        var paths = parse.GetValue(_models) ?? [];
        if (words.Length == 0)
        {
            if (settings.TraceRun is not null)
            {
                throw new UsageException("--trace-run needs an expression on the command line");
            }
            return Session(paths, ModelSource.Options(parse, _op, _initialHidden), settings, terminal, cancellation);
        }
        var expression = Expression.Parse(string.Join(' ', words), settings.MaxBits);
        var models = ModelSource.GetAll(paths, expression.Operations, terminal, ModelSource.Options(parse, _op, _initialHidden));
        var calculator = new Calculator(models.ToDictionary(m => m.Key, m => m.Value.Network));
        var calculation = calculator.Calculate(expression);
        if (settings.TraceRun > calculation.Runs.Count)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--trace-run {settings.TraceRun}: the calculation took {calculation.Runs.Count:N0} network run{(calculation.Runs.Count == 1 ? string.Empty : "s")}"));
        }
        var guarantee = CalcProof.Guarantee(calculation, models, cancellation);
        if (!settings.Json)
        {
            terminal.Note($"{(guarantee.Guaranteed ? "guaranteed" : "not guaranteed")}: {guarantee.Reason}");
        }
        Print(calculation, calculator, guarantee, settings, terminal);
        return calculation.Correct ? ExitCode.Success : ExitCode.CheckFailed;
    }

    /// <summary>One expression per line from stdin, one answer per line; a bad line is reported and the rest go on.</summary>
    private static int Session(string[] paths, NetworkFileOptions options, CalcSettings settings, Terminal terminal, CancellationToken cancellation)
    {
        var models = ModelSource.GetAll(paths, Operation.All, terminal, options);
        var calculator = new Calculator(models.ToDictionary(m => m.Key, m => m.Value.Network));
        if (!settings.Json)
        {
            var networks = CalcProof.Networks(Operation.All, models, cancellation);
            terminal.Note(networks.Guaranteed
                ? $"answers are guaranteed: {networks.Reason}, and long multiplication and long division are property-tested against BigInteger given correct networks"
                : $"answers are not guaranteed: {networks.Reason}");
        }
        if (terminal.InputInteractive)
        {
            terminal.Note("one expression per line (+ - * / % and parentheses), _ is the last result; Ctrl-D ends");
        }
        var worst = ExitCode.Success;
        BigInteger? last = null;
        for (var number = 1; !cancellation.IsCancellationRequested; number++)
        {
            if (terminal.InputInteractive)
            {
                terminal.Error.Write("> ");
                terminal.Error.Flush();
            }
            var line = terminal.Input.ReadLine();
            if (line is null)
            {
                break;
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                var calculation = calculator.Calculate(Expression.Parse(line, settings.MaxBits, last));
                Print(calculation, calculator, CalcProof.Guarantee(calculation, models, cancellation), settings, terminal);
                last = calculation.Result;
                worst = Math.Max(worst, calculation.Correct ? ExitCode.Success : ExitCode.CheckFailed);
            }
            catch (ExpressionException e)
            {
                terminal.Error.WriteLine($"rnncalc: error: line {number}: {e.Message}");
                worst = ExitCode.BadInput;
            }
        }
        return worst;
    }

    private static void Print(Calculation calculation, Calculator calculator, CalcGuarantee guarantee, CalcSettings settings, Terminal terminal)
    {
        if (settings.Json)
        {
            terminal.Output.WriteLine(CliJson.Line(CalcLine.From(calculation, calculator, settings.Trace, settings.TraceRun) with { Guarantee = guarantee }));
            return;
        }
        if (settings.Trace)
        {
            if (calculation.Operations.Count > 0)
            {
                terminal.Ansi.Write(RunsTable(calculation));
            }
            foreach (var operation in calculation.Operations.Where(o => o.Runs.Count == 1))
            {
                terminal.Ansi.Write(BitTable(calculator.Trace(operation.Runs[0]), null));
            }
        }
        if (settings.TraceRun is { } number)
        {
            terminal.Ansi.Write(BitTable(calculator.Trace(calculation.Runs[number - 1]), number));
        }
        var result = calculation.Result.ToString(CultureInfo.InvariantCulture);
        terminal.Output.WriteLine(calculation.Correct ? result : $"{result}  (wrong: the exact answer is {calculation.Exact.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>Per operation: its network runs (numbered, for --trace-run) and their steps.</summary>
    private static Table RunsTable(Calculation calculation)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("network runs")
            .AddColumn("operation")
            .AddColumn(new TableColumn("runs").RightAligned())
            .AddColumn(new TableColumn("steps").RightAligned())
            .AddColumn("run numbers")
            .AddColumn("network");
        foreach (var step in calculation.Operations)
        {
            var title = $"{Short(step.A)} {step.Operator.Symbol} {Short(step.B)} = {Short(step.Result)}{(step.Correct ? string.Empty : $"  (exact {Short(step.Exact)})")}";
            var first = step.Runs.Count == 0 ? 0 : step.Runs[0].Number;
            table.AddRow(
                Markup.Escape(title),
                step.Runs.Count.ToString("N0", CultureInfo.InvariantCulture),
                step.NetworkSteps.ToString("N0", CultureInfo.InvariantCulture),
                step.Runs.Count switch
                {
                    0 => "-",
                    1 => first.ToString(CultureInfo.InvariantCulture),
                    _ => string.Create(CultureInfo.InvariantCulture, $"{first}-{step.Runs[^1].Number}"),
                },
                step.Operator.Network.Name);
        }
        return table;
    }

    /// <summary>Long integers as their ends and length, so a trace of 1000-digit operands stays readable.</summary>
    internal static string Short(BigInteger value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        var digits = text.TrimStart('-').Length;
        return digits <= 24 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..(text.Length - digits + 8)]}…{text[^8..]} ({digits:N0} digits)");
    }

    private static Table BitTable(Trace trace, int? run)
    {
        var prefix = run is { } number ? string.Create(CultureInfo.InvariantCulture, $"run {number}: ") : string.Empty;
        var title = prefix + $"{Short(trace.A)} {trace.Operation.Symbol} {Short(trace.B)} = {Short(trace.Result)}{(trace.Correct ? string.Empty : $"  (exact {Short(trace.Exact)})")}";
        var hidden = trace.Steps.Count > 0 ? trace.Steps[0].Hidden.Length : 0;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title))
            .AddColumn(new TableColumn("step").RightAligned())
            .AddColumn("a")
            .AddColumn("b")
            .AddColumn(new TableColumn("p(1)").RightAligned())
            .AddColumn("out")
            .AddColumn("exact")
            .AddColumn(trace.Operation.StateName)
            .AddColumn(new TableColumn(Markup.Escape("hidden\n" + HiddenHeader(hidden))));
        if (trace.Steps.Count > 0 && trace.Steps[0].CellState is not null)
        {
            table.AddColumn(new TableColumn(Markup.Escape("cell c (tanh)\n" + HiddenHeader(hidden).Replace('h', 'c'))));
        }
        foreach (var step in trace.Steps)
        {
            var emitted = step.Correct ? step.Emitted.ToString(CultureInfo.InvariantCulture) : $"[bold red]{step.Emitted}[/]";
            string[] cells =
            [
                step.Step.ToString(CultureInfo.InvariantCulture),
                step.A.ToString(CultureInfo.InvariantCulture),
                step.B.ToString(CultureInfo.InvariantCulture),
                step.Probability.ToString("F4", CultureInfo.InvariantCulture),
                emitted,
                step.Exact.ToString(CultureInfo.InvariantCulture),
                step.ExactState.ToString(CultureInfo.InvariantCulture),
                HiddenPicture(step.Hidden),
            ];
            // An LSTM's c is unbounded: its shade is tanh(c) mapped to 0..1, as h = o·tanh(c) sees it.
            table.AddRow(step.CellState is { } c ? [.. cells, HiddenPicture([.. c.Select(v => (Math.Tanh(v) + 1) / 2)])] : cells);
        }
        return table;
    }

    /// <summary>Units per group in the hidden column; a ┊ between groups (a space is a unit near 0), each labelled by its first unit.</summary>
    private const int UnitsPerGroup = 4;

    /// <summary>Labels over <see cref="HiddenPicture"/>'s groups: "h1   h5   h9   h13" (h3 is the third shade, h5 the fifth).</summary>
    internal static string HiddenHeader(int hidden)
    {
        var text = new StringBuilder();
        for (var unit = 0; unit < hidden; unit += UnitsPerGroup)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"h{unit + 1}");
            var width = Math.Min(UnitsPerGroup, hidden - unit) + (unit + UnitsPerGroup < hidden ? 1 : 0);
            text.Append(label.PadRight(width));
        }
        return text.ToString();
    }

    /// <summary>Each hidden unit as one shade, from near 0 (space) to near 1 (full block), in groups of four split by ┊.</summary>
    internal static string HiddenPicture(double[] hidden)
    {
        const string shades = " ░▒▓█";
        var text = new StringBuilder(hidden.Length + (hidden.Length / UnitsPerGroup));
        for (var unit = 0; unit < hidden.Length; unit++)
        {
            if (unit > 0 && unit % UnitsPerGroup == 0)
            {
                text.Append('┊');
            }
            var level = (int)Math.Clamp(Math.Floor(hidden[unit] * shades.Length), 0, shades.Length - 1);
            text.Append(shades[level]);
        }
        return Markup.Escape(text.ToString());
    }

    private sealed record CalcSettings(int MaxBits, bool Trace, int? TraceRun, bool Json);
}
