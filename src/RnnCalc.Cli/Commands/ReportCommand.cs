using System.CommandLine;
using System.Globalization;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;
using RnnCalc.Pictures;
using RnnCalc.Training;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// <c>rnncalc report</c>: pictures of a model — training curve, weights, one calculation's hidden states, length
/// generalisation — and <c>index.html</c>, one self-contained page with all of them.
/// </summary>
internal sealed class ReportCommand
{
    private const string ModelFileName = "model.json";
    private const string HistoryFileName = "history.csv";

    private readonly Option<string?> _model = new("--model") { Description = ModelSource.ModelHelp + "; default: train the tutorial's network, recording its history", HelpName = "FILE" };
    private readonly Option<string?> _history = new("--history") { Description = "The model's training history (from train --history) for the training curve", HelpName = "FILE.csv" };
    private readonly Option<string?> _example = new("--example") { Description = "The calculation to trace step by step (default \"200 - 57\", or \"87 + 45\" for add)", HelpName = "\"A - B\"" };
    private readonly Option<int> _samples = OptionFactory.Int("--samples", "Random pairs per width for length generalisation", 1000, 0, 1_000_000);
    private readonly Option<string> _out = new("--out") { Description = "Directory to write index.html and the pictures into (created if missing)", HelpName = "DIR", Required = true };
    private readonly Option<bool> _quiet = OptionFactory.Quiet();
    private readonly Option<bool> _force = new("--force") { Description = $"Overwrite files in --out that rnncalc did not write (its own are listed in {ReportManifest.FileName})" };

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command("report", "Draw a model: training curve, weight heatmaps, hidden states of one calculation, length generalisation, and an HTML page");
        foreach (var option in new Option[] { _model, _history, _example, _samples, _out, _force, _quiet })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        terminal = terminal.Quieted(parse.GetValue(_quiet));
        var directory = parse.GetValue(_out)!;
        var modelPath = parse.GetValue(_model);
        var historyPath = parse.GetValue(_history);
        var example = parse.GetValue(_example) is { } text ? ReportExample.Parse(text) : null;
        if (historyPath is not null && modelPath is null)
        {
            throw new UsageException("--history goes with --model; without --model the report trains the default network and records its own history");
        }
        Prepare(directory);

        TrainedModel model;
        IReadOnlyList<HistoryRow>? history;
        string source;
        Action? saveTraining = null;
        if (modelPath is not null)
        {
            model = ModelSource.Get(modelPath, example?.Operation, terminal, new NetworkFileOptions(example?.Operation));
            history = historyPath is null ? null : ReadHistory(historyPath, model, terminal);
            source = $"The model in '{Path.GetFileName(modelPath)}'" + (historyPath is null ? "." : $", with the training history in '{Path.GetFileName(historyPath)}'.");
        }
        else
        {
            var operation = example?.Operation ?? Operation.Subtract;
            terminal.Note($"no --model given: training the default {operation.Name} network (seed 0, tutorial settings), recording its history");
            var trainer = Report.DefaultTrainer(operation);
            model = ProgressDisplay.Run(terminal, "Training", trainer.Config.Iterations, "updates", tick => trainer.Run(new TrainingPrinter(null, 0, null) { Tick = u => tick(u) }, cancellation));
            if (cancellation.IsCancellationRequested && !trainer.Finished)
            {
                terminal.Note("interrupted; no report written");
                return ExitCode.Interrupted;
            }
            history = trainer.History!.Rows;
            saveTraining = () =>
            {
                ModelFile.Save(Path.Combine(directory, ModelFileName), model);
                AtomicFile.WriteAllText(Path.Combine(directory, HistoryFileName), trainer.History.ToCsv());
            };
            source = "The default network, trained by rnncalc report (seed 0, the tutorial's settings, every pair checked every "
                + Report.DefaultCheckEvery.ToString(CultureInfo.InvariantCulture) + " updates); saved beside this page as model.json, its history as history.csv.";
        }

        var (a, b) = example is null ? Report.DefaultExample(model.Config.Operation) : (example.A, example.B);
        var samples = parse.GetValue(_samples);
        var report = ProgressDisplay.Run(terminal, "Measuring", 1, "steps", _ => Report.Measure(model, history, a, b, samples, source: source));
        string[] alsoWritten = saveTraining is null ? [] : [ModelFileName, HistoryFileName];
        if (!parse.GetValue(_force) && ReportManifest.Foreign(directory, ReportWriter.FileNames(report).Concat(alsoWritten)) is [var foreign, ..])
        {
            throw new OutputFileException($"--out '{directory}' already has {foreign}, which rnncalc did not write; choose another directory, or pass --force to overwrite it");
        }
        saveTraining?.Invoke();
        var page = ProgressDisplay.Run(terminal, "Drawing", ReportWriter.Steps(report), "pictures", tick => ReportWriter.Write(report, directory, done => tick(done), alsoWritten));

        var accuracy = report.Exhaustive is { } e ? string.Create(CultureInfo.InvariantCulture, $"; exhaustive accuracy {e.Accuracy * 100:F2}%") : string.Empty;
        var pictures = report.Verification is null ? $"{report.Figures.Count} pictures" : $"{report.Figures.Count + 1} pictures (the machine included)";
        terminal.Ansi.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Wrote [bold]{page}[/]: {pictures}, each also as PNG and SVG beside it{accuracy}.");
        return ExitCode.Success;
    }

    /// <summary>Creates the directory and proves it writable before any long work starts.</summary>
    private static void Prepare(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new UsageException("--out is empty; give a directory");
        }
        if (File.Exists(directory))
        {
            throw new OutputFileException($"cannot write the report into '{directory}': it is a file, not a directory");
        }
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException($"cannot create directory '{directory}': {e.Message}", e);
        }
        OutputPath.CheckWritable(Path.Combine(directory, ReportWriter.PageName));
    }

    private static IReadOnlyList<HistoryRow> ReadHistory(string path, TrainedModel model, Terminal terminal)
    {
        string csv;
        try
        {
            csv = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"history file '{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read history file '{path}': {e.Message}");
        }
        IReadOnlyList<HistoryRow> rows;
        try
        {
            rows = TrainingHistory.ParseCsv(csv);
        }
        catch (FormatException e)
        {
            throw new UsageException($"history file '{path}': {e.Message}");
        }
        if (rows.Count > 0 && rows[^1].Update != model.Training.Updates)
        {
            terminal.Note(FormattableString.Invariant($"the history ends at update {rows[^1].Update:N0} but the model was trained for {model.Training.Updates:N0}: are they from the same run?"));
        }
        return rows;
    }
}
