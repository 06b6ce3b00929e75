using System.CommandLine;
using System.Globalization;
using RnnCalc.Cli.Console;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// <c>rnncalc bench</c>: training speed (exact and fast), exhaustive evaluation time and time to solve, measured
/// in-process after warm-up, median of repeated runs; <c>bench/compare</c> sets it beside the numpy original.
/// </summary>
internal sealed class BenchCommand
{
    private readonly Option<int> _repeats = OptionFactory.Int("--repeats", "Timed runs per measurement (the median is reported)", 15, 1, 1000);
    private readonly Option<int> _warmUp = OptionFactory.Int("--warm-up", "Milliseconds each measurement runs untimed first, for the JIT's final code", 400, 0, 60_000);
    private readonly Option<OutputFormat> _format = OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Json);
    private readonly Option<bool> _quiet = OptionFactory.Quiet();

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command("bench", "Measure training speed, exhaustive evaluation and time to solve on this machine");
        command.Options.Add(_repeats);
        command.Options.Add(_warmUp);
        command.Options.Add(_format);
        command.Options.Add(_quiet);
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        terminal = terminal.Quieted(parse.GetValue(_quiet));
        var repeats = parse.GetValue(_repeats);
        var format = parse.GetValue(_format);
        var warmUp = TimeSpan.FromMilliseconds(parse.GetValue(_warmUp));
        var report = BenchMeasurements.Run(repeats, warmUp, step => terminal.Note($"bench: {step}…"), cancellation);
        if (cancellation.IsCancellationRequested)
        {
            terminal.Note("interrupted");
            return ExitCode.Interrupted;
        }
        if (format == OutputFormat.Json)
        {
            terminal.Output.WriteLine(BenchJson.Line(report));
            return ExitCode.Success;
        }
        terminal.Ansi.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{report.Processor}[/], {report.Cores} cores, {report.VectorBits}-bit vectors, {report.Runtime}; median of {report.Repeats} runs");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("measurement")
            .AddColumn(new TableColumn("median").RightAligned())
            .AddColumn("");
        table.AddRow("exact training (tutorial, 16 hidden, one core)", Rate(report.TrainUpdatesPerSecond), "updates/s, as rnncalc train runs it, bit for bit the tutorial's");
        table.AddRow("fast training (--fast, float32)", Rate(report.FastUpdatesPerSecond), "updates/s");
        table.AddRow("scalar reference training (Rnn)", Rate(report.ReferenceUpdatesPerSecond), "updates/s, the readable specification");
        foreach (var cell in report.Cells)
        {
            table.AddRow(
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"--cell {cell.Cell} (its defaults, {cell.Hidden} hidden, one core)")),
                Rate(cell.UpdatesPerSecond),
                "updates/s");
            table.AddRow(
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"--cell {cell.Cell} --fast (float32)")),
                Rate(cell.FastUpdatesPerSecond),
                "updates/s");
        }
        table.AddRow("exhaustive eval, tutorial range (32,896 pairs)", Milliseconds(report.ExhaustiveEvalMs.Tutorial), "ms, all cores");
        table.AddRow("exhaustive eval, full range (65,536 pairs)", Milliseconds(report.ExhaustiveEvalMs.Full), "ms, all cores");
        var solved = report.SolvedAt is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"ms, solved after {at:N0} updates, {report.SolveChecks} check(s) included")
            : "ms, not solved";
        table.AddRow("time to solve (seed 0, exact)", Milliseconds(report.TimeToSolveMs), Markup.Escape(solved));
        if (report.Sweep is { } sweep)
        {
            table.AddRow(
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"sweep training (seeds 0..{sweep.Seeds - 1}, {sweep.NetworksPerVector} networks per vector, one core)")),
                Rate(sweep.NetworkUpdatesPerSecond),
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"network-updates/s, checks included ({sweep.Updates:N0} updates)")));
            table.AddRow(
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"sweep --seeds 0..{sweep.Seeds - 1} --prove false")),
                Milliseconds(sweep.AllCoresMs),
                "ms, all cores, in-process");
        }
        table.AddRow("calc: 1000-digit × 1000-digit, by the add network", Milliseconds(report.CalcMs.Multiply), string.Create(CultureInfo.InvariantCulture, $"ms, all cores; {report.CalcMs.MultiplyCpu:F0} ms CPU; BigInteger {report.CalcMs.MultiplyBigInteger:F3} ms"));
        table.AddRow("calc: 2000-digit ÷ 1000-digit, by the subtract network", Milliseconds(report.CalcMs.Divide), string.Create(CultureInfo.InvariantCulture, $"ms, all cores; {report.CalcMs.DivideCpu:F0} ms CPU; BigInteger {report.CalcMs.DivideBigInteger:F3} ms"));
        terminal.Ansi.Write(table);
        return ExitCode.Success;
    }

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Milliseconds(double ms) => ms.ToString("F2", CultureInfo.InvariantCulture);
}
