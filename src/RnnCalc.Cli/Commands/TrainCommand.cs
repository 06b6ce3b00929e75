using System.CommandLine;
using System.Globalization;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;
using RnnCalc.Pictures;
using RnnCalc.Printing;
using RnnCalc.Training;
using RnnCalc.Training.Settings;
using RnnCalc.Verification;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary><c>rnncalc train</c>: the tutorial's training run, printed as a table, as the tutorial prints it, or as JSON.</summary>
internal sealed class TrainCommand
{
    private readonly TrainingOptions _training = new();
    private readonly Option<string?> _save = new("--save") { Description = "Write the trained model to FILE (JSON)", HelpName = "FILE" };
    private readonly Option<OutputFormat> _format = OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Reference, OutputFormat.Json);
    private readonly Option<string?> _checkpoint = new("--checkpoint") { Description = "Write a resumable checkpoint to FILE", HelpName = "FILE" };
    private readonly Option<long> _checkpointEvery = OptionFactory.Long("--checkpoint-every", "Updates between checkpoints (a checkpoint takes about as long as a few thousand updates)", 20_000, 1, long.MaxValue);
    private readonly Option<string?> _resume = new("--resume") { Description = "Continue the run saved in checkpoint FILE (its settings; --iterations may raise the cap)", HelpName = "FILE" };
    private readonly Option<string?> _history = new("--history") { Description = "Write update, error (raw, smoothed) and exhaustive accuracy to FILE.csv", HelpName = "FILE.csv" };
    private readonly Option<string?> _plot = new("--plot") { Description = "Save the training curve to FILE.png (or .svg) when training ends", HelpName = "FILE.png" };
    private readonly Option<bool> _quiet = OptionFactory.Quiet();

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command("train", "Train a network (defaults: the tutorial's 8-bit subtraction run)");
        foreach (var option in _training.All)
        {
            command.Options.Add(option);
        }
        foreach (var option in new Option[] { _save, _format, _checkpoint, _checkpointEvery, _resume, _history, _plot, _quiet })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        var save = parse.GetValue(_save);
        var format = parse.GetValue(_format);
        terminal = terminal.Quieted(parse.GetValue(_quiet));
        if (terminal.Quiet && format == OutputFormat.Reference)
        {
            throw new UsageException("--quiet would drop the tutorial's printout, progress blocks and all, that --format reference is: drop one of them");
        }
        var checkpoint = parse.GetValue(_checkpoint);
        var historyPath = parse.GetValue(_history);
        var plotPath = parse.GetValue(_plot);
        if (plotPath is not null && !FigureFile.IsPictureName(plotPath))
        {
            throw new UsageException($"--plot {plotPath}: the file name must end in .png or .svg");
        }
        var outputs = new (string Option, string? Path)[] { ("--save", save), ("--checkpoint", checkpoint), ("--history", historyPath), ("--plot", plotPath) };
        foreach (var (option, path) in outputs)
        {
            if (path is not null)
            {
                OutputPath.CheckWritable(path);
            }
        }
        var clash = outputs.Where(o => o.Path is not null).GroupBy(o => Path.GetFullPath(o.Path!)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new UsageException($"{string.Join(" and ", clash.Select(o => o.Option))} name the same file '{clash.First().Path}'; one would overwrite the other: give each its own file");
        }
        var trainer = CreateTrainer(parse, historyPath is not null || plotPath is not null, cancellation);
        var observer = new TrainingPrinter(format == OutputFormat.Json && !terminal.Quiet ? p => terminal.Output.WriteLine(CliJson.Line(ProgressLine(p))) : null, checkpoint is null ? 0 : parse.GetValue(_checkpointEvery), checkpoint);
        if (trainer.Finished)
        {
            terminal.Note(FormattableString.Invariant($"the run in the checkpoint is already finished ({trainer.Updates:N0} of {trainer.Config.Iterations:N0} updates{(trainer.SolvedAt is { } s ? $", solved at {s:N0}" : string.Empty)}): nothing to train; raise --iterations to go on"));
        }
        var updatesBefore = trainer.Updates;
        var loop = System.Diagnostics.Stopwatch.StartNew();
        var model = format switch
        {
            OutputFormat.Reference => RunReference(trainer, _training.Preset(parse)?.Script ?? ReferenceScript.Tutorial, terminal, observer, cancellation),
            OutputFormat.Json => trainer.Run(observer, cancellation),
            _ => RunPretty(trainer, terminal, observer, cancellation),
        };
        loop.Stop();
        var loopRate = (trainer.Updates - updatesBefore) / Math.Max(loop.Elapsed.TotalSeconds, 1e-9);
        var interrupted = cancellation.IsCancellationRequested && !trainer.Finished;
        // A checkpoint at the end too, so an interrupted or finished run can always be resumed or extended. An
        // interrupted run writes --save as well: its weights are the last good network, and the summary says it stopped early.
        observer.OnCheckpoint(trainer);
        WriteOutputs(model, trainer.History, save, historyPath, plotPath);
        var summary = model.Training;
        switch (format)
        {
            case OutputFormat.Json:
                terminal.Output.WriteLine(CliJson.Line(new TrainSummaryLine(
                    "summary", summary.Updates, Finite(summary.FinalError), summary.SolvedAt, summary.ProvenAt, summary.SequencesSeen, summary.Diverged, save, interrupted)
                {
                    Collapsed = trainer.Collapsed,
                    LoopUpdatesPerSecond = trainer.Updates > updatesBefore ? Math.Round(loopRate) : null,
                }));
                break;
            case OutputFormat.Pretty:
                RenderSummary(terminal, model, trainer.LastAccuracy, save, trainer.Updates > updatesBefore ? loopRate : null, interrupted);
                break;
            default:
                break;
        }
        if (summary.Diverged)
        {
            terminal.Error.WriteLine(FormattableString.Invariant($"rnncalc: error: training diverged at update {summary.Updates + 1:N0} (a weight would pass ±1e8 or become NaN: lower --learning-rate or use --clip); {(save is null ? "the last good weights were not saved (no --save)" : $"the last good model was saved to '{save}'")}"));
            return ExitCode.CheckFailed;
        }
        if (trainer.Collapsed)
        {
            terminal.Error.WriteLine(FormattableString.Invariant($"rnncalc: error: training collapsed: for the last {Trainer.CollapseAfter:N0} updates every output was saturated at 0 or 1 and the examples wrong, so the gradient is (nearly) 0 and updates cannot change the network (lower --learning-rate); stopped at update {summary.Updates:N0}"));
            return ExitCode.CheckFailed;
        }
        if (interrupted)
        {
            var saved = save is null ? string.Empty : $"; the network so far was saved to '{save}'";
            terminal.Note(checkpoint is null ? $"interrupted at update {summary.Updates:N0}{saved}" : $"interrupted at update {summary.Updates:N0}{saved}; resume with --resume {checkpoint}");
            return ExitCode.Interrupted;
        }
        return ExitCode.Success;
    }

    /// <summary>The files a run was asked for: the model (not after an interruption), the history, the curve.</summary>
    private static void WriteOutputs(TrainedModel model, TrainingHistory? history, string? save, string? historyPath, string? plotPath)
    {
        if (save is not null)
        {
            ModelFile.Save(save, model);
        }
        if (historyPath is not null && history is not null)
        {
            AtomicFile.WriteAllText(historyPath, history.ToCsv());
        }
        if (plotPath is not null && history is not null)
        {
            TrainingCurve.Save(history, plotPath);
        }
    }

    private Trainer CreateTrainer(ParseResult parse, bool recordHistory, CancellationToken cancellation)
    {
        var options = new TrainerOptions
        {
            RecordHistory = recordHistory,
            Prove = (network, operation) => Verifier.Verify(network, operation, VerifyOptions.Quick, cancellation).Proven,
        };
        var resume = parse.GetValue(_resume);
        var config = _training.Read(parse);
        if (config.Fast)
        {
            var refused = new (bool Given, string Name)[]
            {
                (parse.GetValue(_format) == OutputFormat.Reference, "--format reference (it prints the tutorial's exact digits)"),
                (resume is not null, "--resume"),
                (parse.GetValue(_checkpoint) is not null, "--checkpoint"),
            }.Where(r => r.Given).Select(r => r.Name).Concat(Trainer.FastRefusals(config).Select(s => "--" + s.Name)).ToList();
            if (refused.Count > 0)
            {
                throw new UsageException($"--fast trains every cell, but not with --batch, --clip, --until-proven, --checkpoint, --resume or --format reference, and the sigmoid cell with sgd only: drop {string.Join(", ", refused)}");
            }
            return new Trainer(Shortened(parse, config), options);
        }
        if (resume is null)
        {
            return new Trainer(Shortened(parse, config), options);
        }

        var given = _training.Given(parse).Where(name => name != _training[TrainingSettings.Iterations].Name).ToList();
        if (given.Count > 0)
        {
            throw new UsageException($"--resume takes its settings from the checkpoint; drop {string.Join(", ", given)} (only --iterations may change)");
        }
        var (model, state) = CheckpointFile.Load(resume);
        var resumed = _training.IsGiven(parse, TrainingSettings.Iterations)
            ? model.Config with { Iterations = (long)_training.Value(parse, TrainingSettings.Iterations)! }
            : model.Config;
        return Trainer.Resume(resumed, model.Network, state, options);
    }

    /// <summary>
    /// Long runs would print thousands of progress rows: unless asked (or set by a preset), keep to about 50 (the
    /// tutorial's 800 stays for runs up to 40,000 updates, and always for --format reference).
    /// </summary>
    private TrainingConfig Shortened(ParseResult parse, TrainingConfig config)
    {
        if (_training.IsSet(parse, TrainingSettings.PrintEvery) || parse.GetValue(_format) == OutputFormat.Reference)
        {
            return config;
        }
        var every = ((config.Iterations / 50) + 799) / 800 * 800;
        return config with { PrintEvery = Math.Max(800, every) };
    }

    private static void RenderSummary(Terminal terminal, TrainedModel model, double? lastAccuracy, string? saved, double? loopRate, bool interrupted)
    {
        var summary = model.Training;
        // With no update there is no error to report (it would print NaN).
        var lastError = summary.Updates == 0 ? "no update was made, so the network keeps its initial weights" : string.Create(CultureInfo.InvariantCulture, $"last error {summary.FinalError:G6}");
        // The loop's own rate: on short runs the progress bar's includes start-up and JIT, which dominate.
        var rate = loopRate is { } r ? string.Create(CultureInfo.InvariantCulture, $", {r:N0} updates/s in the training loop") : string.Empty;
        terminal.Ansi.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{(interrupted ? "[yellow]Interrupted[/] after" : "Trained")} [bold]{summary.Updates:N0}[/] updates ({summary.SequencesSeen:N0} sequences{rate}); {lastError}."));
        if (summary.SolvedAt is { } solvedAt)
        {
            terminal.Ansi.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]Solved[/] after {solvedAt:N0} updates: every one of the {model.Config.Problems.ExhaustiveCount:N0} pairs is right."));
        }
        if (summary.ProvenAt is { } provenAt)
        {
            terminal.Ansi.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]Proven[/] after {provenAt:N0} updates: right for numbers of every length."));
        }
        else if (model.Config.UntilProven)
        {
            terminal.Ansi.MarkupLine($"[yellow]Not proven[/] within the cap of {model.Config.Iterations.ToString("N0", CultureInfo.InvariantCulture)} updates.");
        }
        if (summary.SolvedAt is null && model.Config.UntilSolved)
        {
            var accuracy = lastAccuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $" (last check: {a * 100:F2}% of pairs right)") : string.Empty;
            terminal.Ansi.MarkupLine($"[yellow]Not solved[/] within the cap of {model.Config.Iterations.ToString("N0", CultureInfo.InvariantCulture)} updates{accuracy}.");
        }
        if (saved is not null)
        {
            terminal.Ansi.MarkupLineInterpolated($"Saved model to [bold]{saved}[/].");
        }
    }

    private static TrainedModel RunReference(Trainer trainer, ReferenceScript script, Terminal terminal, TrainingPrinter observer, CancellationToken cancellation)
    {
        observer.Row = p => terminal.Output.Write(TutorialTranscript.ProgressBlock(p, script));
        var model = trainer.Run(observer, cancellation);
        if (script.PrintsWeights)
        {
            terminal.Output.Write(TutorialTranscript.FinalWeights(model.Network));
        }
        return model;
    }

    private static TrainedModel RunPretty(Trainer trainer, Terminal terminal, TrainingPrinter observer, CancellationToken cancellation)
    {
        var config = trainer.Config;
        var rows = new List<TrainingProgress>();
        var problemWidth = ProblemText.ProgressWidth(config.Problems);
        observer.Row = p =>
        {
            rows.Add(p);
            if (!terminal.Interactive && !terminal.Quiet)
            {
                terminal.Output.WriteLine(PlainLine(config.Problems, p, problemWidth));
            }
        };
        var model = ProgressDisplay.Run(terminal, config.Fast ? "Training (fast)" : "Training", config.Iterations, "updates", tick =>
        {
            observer.Tick = u => tick(u);
            return trainer.Run(observer, cancellation);
        });
        if (terminal.Interactive && !terminal.Quiet)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn(new TableColumn("update").RightAligned())
                .AddColumn(new TableColumn("error").RightAligned())
                .AddColumn("problem")
                .AddColumn("predicted")
                .AddColumn("exact")
                .AddColumn("ok");
            foreach (var p in rows)
            {
                table.AddRow(
                    p.Update.ToString("N0", CultureInfo.InvariantCulture),
                    p.Error.ToString("F6", CultureInfo.InvariantCulture),
                    Markup.Escape(Problem(config.Problems, p)),
                    Bits(p.Predicted),
                    Bits(p.Exact),
                    p.Correct ? "[green]ok[/]" : "[red]wrong[/]");
            }
            terminal.Ansi.Write(table);
        }
        return model;
    }

    private static string PlainLine(ProblemSet problems, TrainingProgress p, int problemWidth) => string.Create(
        CultureInfo.InvariantCulture,
        $"update {p.Update,9:N0}  error {p.Error,10:F6}  {Problem(problems, p).PadRight(problemWidth)} predicted {Bits(p.Predicted)} exact {Bits(p.Exact)}  {(p.Correct ? "ok" : "wrong")}");

    /// <summary>The example as learned: <c>230 + 102 = 332, low 8 bits 76</c> where only the low bits are trained.</summary>
    private static string Problem(ProblemSet problems, TrainingProgress p) => ProblemText.Progress(problems, p.Problem, ProblemText.Answer(problems, p.Predicted));

    private static string Bits(byte[] leastSignificantFirst)
    {
        var chars = new char[leastSignificantFirst.Length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('0' + leastSignificantFirst[^(i + 1)]);
        }
        return new string(chars);
    }

    private static TrainProgressLine ProgressLine(TrainingProgress p) => new(
        "progress",
        p.Update,
        p.Error,
        p.Problem.A.ToString(CultureInfo.InvariantCulture),
        p.Problem.B.ToString(CultureInfo.InvariantCulture),
        Bits(p.Predicted),
        Bits(p.Exact),
        p.PredictedValue.ToString(CultureInfo.InvariantCulture),
        p.Correct);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
