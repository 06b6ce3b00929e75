using System.CommandLine;
using System.Globalization;
using System.Text;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary><c>rnncalc calc "200 - 57"</c>: arithmetic done by the network, bit by bit, with an optional trace.</summary>
internal sealed class CalcCommand
{
    private readonly Argument<string> _expression = new("expression") { Description = "Integers joined by + and -, e.g. \"200 - 57\" or \"-5 - 7 + 1000\"" };
    private readonly Option<string[]> _models = new("--model") { Description = "Model file (one per operation the expression needs); default: train the tutorial's network", HelpName = "FILE", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _trace = new("--trace") { Description = "Show every bit: inputs, output probability, emitted and exact bit, hidden state" };
    private readonly Option<int> _maxBits = OptionFactory.Int("--max-bits", "Widest operand or result, in bits", 4096, 1, 1_000_000);
    private readonly Option<OutputFormat> _format = OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Json);

    public Command Build(Terminal terminal)
    {
        var command = new Command("calc", "Calculate with the network: integers of any size, + and -, left to right");
        command.Arguments.Add(_expression);
        command.Options.Add(_models);
        command.Options.Add(_trace);
        command.Options.Add(_maxBits);
        command.Options.Add(_format);
        command.SetAction(parse => Run(parse, terminal));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal)
    {
        var maxBits = parse.GetValue(_maxBits);
        var expression = Expression.Parse(parse.GetValue(_expression) ?? string.Empty, maxBits);
        var models = ModelSource.GetAll(parse.GetValue(_models) ?? [], expression.Operations, terminal);
        var calculator = new Calculator(models.ToDictionary(m => m.Key, m => m.Value.Network));
        var calculation = calculator.Calculate(expression, maxBits);
        var trace = parse.GetValue(_trace);
        if (parse.GetValue(_format) == OutputFormat.Json)
        {
            terminal.Output.WriteLine(CliJson.Line(CalcLine.From(calculation, trace)));
        }
        else
        {
            if (trace)
            {
                foreach (var operation in calculation.Operations)
                {
                    terminal.Ansi.Write(TraceTable(operation));
                }
            }
            var result = calculation.Result.ToString(CultureInfo.InvariantCulture);
            if (calculation.Correct)
            {
                terminal.Output.WriteLine(result);
            }
            else
            {
                terminal.Output.WriteLine($"{result}  (wrong: the exact answer is {calculation.Exact.ToString(CultureInfo.InvariantCulture)})");
            }
        }
        return calculation.Correct ? ExitCode.Success : ExitCode.CheckFailed;
    }

    private static Table TraceTable(Trace trace)
    {
        var title = string.Create(CultureInfo.InvariantCulture, $"{trace.A} {trace.Operation.Symbol} {trace.B} = {trace.Result}{(trace.Correct ? string.Empty : $"  (exact {trace.Exact})")}");
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title))
            .AddColumn(new TableColumn("step").RightAligned())
            .AddColumn("a")
            .AddColumn("b")
            .AddColumn(new TableColumn("p(1)").RightAligned())
            .AddColumn("out")
            .AddColumn("exact")
            .AddColumn(trace.Operation.StateName)
            .AddColumn("hidden");
        foreach (var step in trace.Steps)
        {
            var emitted = step.Correct ? step.Emitted.ToString(CultureInfo.InvariantCulture) : $"[bold red]{step.Emitted}[/]";
            table.AddRow(
                step.Step.ToString(CultureInfo.InvariantCulture),
                step.A.ToString(CultureInfo.InvariantCulture),
                step.B.ToString(CultureInfo.InvariantCulture),
                step.Probability.ToString("F4", CultureInfo.InvariantCulture),
                emitted,
                step.Exact.ToString(CultureInfo.InvariantCulture),
                step.ExactState.ToString(CultureInfo.InvariantCulture),
                HiddenPicture(step.Hidden));
        }
        return table;
    }

    /// <summary>Each hidden unit as one shade, from near 0 (space) to near 1 (full block).</summary>
    internal static string HiddenPicture(double[] hidden)
    {
        const string shades = " ░▒▓█";
        var text = new StringBuilder(hidden.Length);
        foreach (var value in hidden)
        {
            var level = (int)Math.Clamp(Math.Floor(value * shades.Length), 0, shades.Length - 1);
            text.Append(shades[level]);
        }
        return Markup.Escape(text.ToString());
    }
}
