using System.CommandLine;
using System.Globalization;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Network.Cells;
using RnnCalc.Persistence;
using RnnCalc.Pictures;
using RnnCalc.Training.Settings;
using RnnCalc.Verification;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// <c>rnncalc verify</c>: proves the network right for every input of every length, or says why not (with a
/// counterexample when one is found); shows the minimised machine as a table, and optionally as dot and SVG.
/// </summary>
internal sealed class VerifyCommand
{
    /// <summary>Machines with more states are shown in part (the dot and SVG files have them all).</summary>
    private const int MaxTableStates = 24;

    private readonly Option<string?> _model = new("--model") { Description = ModelSource.ModelHelp, HelpName = "FILE" };
    private readonly Option<string> _op = OptionFactory.Choice("--op", ModelSource.OpHelp, "subtract", [.. Operation.All.Select(o => o.Name)]);
    private readonly Option<double?> _initialHidden = OptionFactory.NullableDouble("--initial-hidden", ModelSource.InitialHiddenHelp, -1e3, 1e3);
    private readonly Option<string?> _dot = new("--dot") { Description = "Write the minimised machine as Graphviz dot to FILE", HelpName = "FILE" };
    private readonly Option<string?> _svg = new("--svg") { Description = "Write a picture of the minimised machine to FILE (SVG)", HelpName = "FILE" };
    private readonly Option<string?> _certificate = new("--certificate") { Description = "Write the proof as a certificate for 'rnncalc check' to FILE (JSON)", HelpName = "FILE" };
    private readonly Option<bool> _robustness = new("--robustness") { Description = "Also certify a radius: every network whose weights are within it of these is proven too" };
    private readonly Option<double> _timeLimit = OptionFactory.Double("--time-limit", "Seconds of CPU time the proof may take before giving up (the verifying thread's, so a busy machine does not cut it short; wall time where the OS does not report it); a counterexample search of up to 3 s more follows a failed proof", 30, 0, 86_400);
    private readonly Option<OutputFormat> _format = OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Json);
    private readonly Option<bool> _quiet = OptionFactory.Quiet();
    private readonly Option<string?> _survey = new("--survey") { Description = $"Measure instead: train one network per seed with this cell's defaults ({string.Join(", ", Cell.Names)}) and verify each in-process on one core", HelpName = "CELL" };
    private readonly Option<IReadOnlyList<object?>> _seeds = ValueList.For(TrainingSettings.Seed, SettingLimits.None, "With --survey: the seeds", "--seeds");
    private readonly Option<long?> _iterations = OptionFactory.NullableLong("--iterations", "With --survey: train each network this many updates (default: to its first solve)", 1, 1_000_000_000);

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command("verify", "Prove the network right for numbers of every length, or find where it is wrong");
        command.Options.Add(_model);
        command.Options.Add(_op);
        command.Options.Add(_initialHidden);
        command.Options.Add(_dot);
        command.Options.Add(_svg);
        command.Options.Add(_certificate);
        command.Options.Add(_robustness);
        _timeLimit.HelpName = "SECONDS";
        command.Options.Add(_timeLimit);
        command.Options.Add(_format);
        command.Options.Add(_quiet);
        command.Options.Add(_survey);
        command.Options.Add(_seeds);
        command.Options.Add(_iterations);
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        terminal = terminal.Quieted(parse.GetValue(_quiet));
        if (parse.GetValue(_survey) is { } survey)
        {
            return Survey(parse, survey, terminal, cancellation);
        }
        foreach (var surveyOnly in new Option[] { _seeds, _iterations })
        {
            if (parse.GetResult(surveyOnly) is { Implicit: false })
            {
                throw new UsageException($"{surveyOnly.Name} goes with --survey");
            }
        }
        var path = parse.GetValue(_model);
        var dot = parse.GetValue(_dot);
        var svg = parse.GetValue(_svg);
        var certificate = parse.GetValue(_certificate);
        foreach (var output in new[] { dot, svg, certificate })
        {
            if (output is not null)
            {
                OutputPath.CheckWritable(output);
            }
        }
        var model = ModelSource.Get(parse, path, _op, _initialHidden, terminal);
        var options = VerifyOptions.Default with { TimeLimit = TimeSpan.FromSeconds(parse.GetValue(_timeLimit)) };
        VerificationResult result;
        try
        {
            result = ProgressDisplay.Run(terminal, "Verifying", 1, "proofs", _ => Verifier.Verify(model.Network, model.Config.Operation, options, cancellation));
        }
        catch (OperationCanceledException)
        {
            terminal.Note("interrupted");
            return ExitCode.Interrupted;
        }
        if (dot is not null)
        {
            AtomicFile.WriteAllText(dot, MachineDrawing.Dot(result));
        }
        if (svg is not null)
        {
            AtomicFile.WriteAllText(svg, MachineDrawing.Svg(result));
        }
        var robustness = parse.GetValue(_robustness) ? Robustness.Certify(model.Network, result, options, cancellation) : null;
        if (certificate is not null)
        {
            if (CertificateFile.NotCovered(model.Network.Cell, result, robustness) is { } notCovered)
            {
                terminal.Note($"no certificate written to {certificate}: {notCovered}");
                certificate = null;
            }
            else if (result.Proven)
            {
                CertificateFile.Save(certificate, model, result, robustness);
            }
            else
            {
                terminal.Note($"no certificate written to {certificate}: nothing was proven");
                certificate = null;
            }
        }
        if (parse.GetValue(_format) == OutputFormat.Json)
        {
            terminal.Output.WriteLine(VerifyJson.Line(Line(result) with { Certificate = certificate, Pattern = result.Pattern?.Description, Robustness = robustness?.Radius }));
        }
        else
        {
            Render(terminal, result, dot, svg, certificate);
            if (robustness is not null)
            {
                terminal.Ansi.MarkupLine(Markup.Escape(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  robust: every network whose weights are each within {robustness.Radius:G3} of these is proven too ({robustness.Elapsed.TotalSeconds:0.00} s)")));
            }
        }
        return result.Proven ? ExitCode.Success : ExitCode.CheckFailed;
    }

    /// <summary><c>--survey CELL</c>: a line per network (seed, updates, verdict, time, reason), then counts and the time distribution.</summary>
    private int Survey(ParseResult parse, string cellName, Terminal terminal, CancellationToken cancellation)
    {
        if (!Cell.TryParse(cellName, out var cell))
        {
            throw new UsageException($"--survey {cellName}: the cell is one of {string.Join(", ", Cell.Names)}");
        }
        foreach (var option in new Option[] { _model, _initialHidden, _dot, _svg, _certificate, _robustness })
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"--survey trains its own networks and writes no files: it takes no {option.Name}");
            }
        }
        _ = Operation.TryParse(parse.GetValue(_op), out var operation);
        var seeds = (parse.GetValue(_seeds) is { Count: > 0 } given ? given : [0L]).Select(s => (uint)(long)s!).ToList();
        var options = VerifyOptions.Default with { TimeLimit = TimeSpan.FromSeconds(parse.GetValue(_timeLimit)) };
        var json = parse.GetValue(_format) == OutputFormat.Json;
        IReadOnlyList<SurveyNetwork> rows;
        try
        {
            rows = VerificationSurvey.Run(cell, operation!, seeds, parse.GetValue(_iterations), options, row =>
            {
                var line = new VerifySurveyLine(row.Seed, row.Updates, row.Solved, row.Verdict, row.Result.Elapsed.TotalMilliseconds, row.CpuTime.TotalMilliseconds, row.Result.Reason);
                terminal.Output.WriteLine(json
                    ? VerifyJson.Line(line)
                    : string.Create(CultureInfo.InvariantCulture, $"seed {line.Seed,3}  {line.Updates,6:N0} updates  {line.Verdict,-14}  {line.Milliseconds,9:F1} ms  {line.CpuMilliseconds,9:F1} ms CPU  {line.Reason}"));
            }, cancellation);
        }
        catch (OperationCanceledException)
        {
            terminal.Note("interrupted");
            return ExitCode.Interrupted;
        }
        var times = rows.Select(r => r.Result.Elapsed.TotalMilliseconds).Order().ToList();
        var cpu = rows.Select(r => r.CpuTime.TotalMilliseconds).Order().ToList();
        static double At(List<double> sorted, double share) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
        int Count(string verdict) => rows.Count(r => r.Verdict == verdict);
        terminal.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{cell.Name}, {rows.Count} networks: {Count("proven")} proven, {Count("counterexample")} counterexample, {Count("undecided")} undecided; verify ms median {At(times, 0.5):F1}, p90 {At(times, 0.9):F1}, max {times[^1]:F1}; CPU ms median {At(cpu, 0.5):F1}, p90 {At(cpu, 0.9):F1}, max {cpu[^1]:F1}"));
        return ExitCode.Success;
    }

    private static void Render(Terminal terminal, VerificationResult result, string? dot, string? svg, string? certificate)
    {
        var ansi = terminal.Ansi;
        var verb = result.Operation == Operation.Add ? "adds" : "subtracts";
        if (result.Proven)
        {
            ansi.MarkupLineInterpolated($"[green bold]Proven[/]: the network {verb} correctly for every input of every length.");
        }
        else
        {
            ansi.MarkupLineInterpolated($"[red bold]Not proven[/].");
        }
        ansi.MarkupLineInterpolated($"  {result.Reason}");
        if (result.Counterexample is { } counterexample)
        {
            ansi.MarkupLineInterpolated($"  [red]counterexample[/]: {counterexample.A} {counterexample.Operation.Symbol} {counterexample.B} = {counterexample.Exact}, but the network says [red]{counterexample.Network}[/]");
            ansi.MarkupLineInterpolated($"    {counterexample.WhereWrong}");
        }
        if (result.Pattern is { } pattern)
        {
            ansi.MarkupLineInterpolated($"  pattern: {pattern.Description}");
        }
        var machine = result.Machine;
        var table = new Table().Border(TableBorder.Rounded).Title(TableTitle(result)).AddColumn("state");
        for (var pair = 0; pair < InputPair.Count; pair++)
        {
            table.AddColumn(new TableColumn(string.Create(CultureInfo.InvariantCulture, $"a b = {InputPair.A(pair)} {InputPair.B(pair)}")));
        }
        var shown = Math.Min(machine.States, MaxTableStates);
        for (var s = 0; s < shown; s++)
        {
            var meaning = MachineDrawing.Meaning(result, s);
            var cells = new List<string> { Markup.Escape(MachineDrawing.StateName(s) + (meaning.Length > 0 ? $" ({meaning})" : string.Empty)) };
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                cells.Add(Markup.Escape(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{machine.Output(s, pair)} → {MachineDrawing.StateName(machine.Next(s, pair))}  margin {machine.Margin(s, pair):0.000}")));
            }
            table.AddRow([.. cells]);
        }
        ansi.Write(table);
        if (shown < machine.States)
        {
            ansi.MarkupLineInterpolated($"  … and {machine.States - shown} more states (--dot or --svg shows them all)");
        }
        ansi.MarkupLine("  each cell: bit emitted → next state, and the output's distance from 0.5");
        var attempts = string.Join("; ", result.Attempts.Select(a => string.Create(
            CultureInfo.InvariantCulture,
            $"boxes ≤ {a.Width:0.###} with {a.Depth}-step lookahead: {(a.Closed ? "closed" : "open")}, {a.Boxes:N0} boxes")));
        ansi.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"  abstract states: {result.AbstractStates:N0}; time: {result.Elapsed.TotalSeconds:0.00} s{(attempts.Length > 0 ? "; " + attempts : string.Empty)}")));
        if (dot is not null)
        {
            ansi.MarkupLineInterpolated($"  wrote [bold]{dot}[/]");
        }
        foreach (var written in new[] { svg, certificate })
        {
            if (written is not null)
            {
                ansi.MarkupLineInterpolated($"  wrote [bold]{written}[/]");
            }
        }
    }

    private static string TableTitle(VerificationResult result)
    {
        var states = result.Machine.States;
        var plural = states == 1 ? string.Empty : "s";
        return result.Proven
            ? string.Create(CultureInfo.InvariantCulture, $"minimised machine: {states} state{plural} (from the proof; margins are proven lower bounds)")
            : string.Create(CultureInfo.InvariantCulture, $"not a verified machine: what the network does on the {result.AbstractStates:N0} groups of hidden states explored, minimised to {states} state{plural} (margins are the smallest seen)");
    }

    private static VerifyLine Line(VerificationResult result)
    {
        var machine = result.Machine;
        var states = new List<VerifyStateLine>();
        for (var s = 0; s < machine.States; s++)
        {
            var transitions = new List<VerifyTransitionLine>();
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                transitions.Add(new VerifyTransitionLine(InputPair.A(pair), InputPair.B(pair), machine.Output(s, pair), Finite(machine.Margin(s, pair)), machine.Next(s, pair)));
            }
            states.Add(new VerifyStateLine(s, s < result.ReferenceStates.Count ? result.ReferenceStates[s] : null, transitions));
        }
        var counterexample = result.Counterexample is { } c
            ? new VerifyCounterexampleLine(Text(c.A), Text(c.B), Text(c.Exact), Text(c.Network), c.Steps, c.FirstWrongStep)
            : null;
        return new VerifyLine(
            result.Operation.Name,
            result.Proven,
            result.States,
            result.AbstractStates,
            result.Boxes,
            Finite(machine.MinimumMargin),
            counterexample,
            result.Reason,
            states,
            [.. result.Attempts.Select(a => new VerifyAttemptLine(a.Width, a.Depth, a.Closed, a.Boxes, a.AbstractStates, a.Reason, a.Elapsed.TotalMilliseconds))],
            result.Elapsed.TotalMilliseconds);
    }

    private static string Text(System.Numerics.BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
