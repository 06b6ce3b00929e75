using System.CommandLine;
using System.Globalization;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;
using RnnCalc.Printing;
using RnnCalc.Training;
using Spectre.Console;

namespace RnnCalc.Cli.Commands;

/// <summary><c>rnncalc train</c>: the tutorial's training run, printed as a table, as the tutorial prints it, or as JSON.</summary>
internal sealed class TrainCommand
{
    private readonly TrainingOptions _training = new();
    private readonly Option<string?> _save = new("--save") { Description = "Write the trained model to FILE (JSON)", HelpName = "FILE" };
    private readonly Option<OutputFormat> _format = OptionFactory.Format(OutputFormat.Pretty, OutputFormat.Reference, OutputFormat.Json);

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command("train", "Train a network (defaults: the tutorial's 8-bit subtraction run)");
        foreach (var option in _training.All)
        {
            command.Options.Add(option);
        }
        command.Options.Add(_save);
        command.Options.Add(_format);
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        var config = _training.Read(parse);
        var save = parse.GetValue(_save);
        var format = parse.GetValue(_format);
        if (save is not null)
        {
            OutputPath.CheckWritable(save);
        }
        var trainer = new Trainer(config);
        var model = format switch
        {
            OutputFormat.Reference => RunReference(trainer, terminal, cancellation),
            OutputFormat.Json => trainer.Run(p => terminal.Output.WriteLine(CliJson.Line(ProgressLine(p))), cancellation: cancellation),
            _ => RunPretty(trainer, terminal, cancellation),
        };
        var interrupted = cancellation.IsCancellationRequested;
        if (save is not null && !interrupted)
        {
            ModelFile.Save(save, model);
        }
        switch (format)
        {
            case OutputFormat.Json:
                terminal.Output.WriteLine(CliJson.Line(new TrainSummaryLine("summary", model.Training.Updates, Finite(model.Training.FinalError), interrupted ? null : save, interrupted)));
                break;
            case OutputFormat.Pretty:
                terminal.Ansi.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Trained [bold]{model.Training.Updates:N0}[/] updates; last error {model.Training.FinalError:G6}."));
                if (save is not null && !interrupted)
                {
                    terminal.Ansi.MarkupLineInterpolated($"Saved model to [bold]{save}[/].");
                }
                break;
            default:
                break;
        }
        if (interrupted)
        {
            terminal.Note("interrupted");
            return ExitCode.Interrupted;
        }
        return ExitCode.Success;
    }

    private static TrainedModel RunReference(Trainer trainer, Terminal terminal, CancellationToken cancellation)
    {
        var model = trainer.Run(p => terminal.Output.Write(TutorialTranscript.ProgressBlock(p)), cancellation: cancellation);
        terminal.Output.Write(TutorialTranscript.FinalWeights(model.Network));
        return model;
    }

    private static TrainedModel RunPretty(Trainer trainer, Terminal terminal, CancellationToken cancellation)
    {
        var config = trainer.Config;
        var rows = new List<TrainingProgress>();
        var model = ProgressDisplay.Run(terminal, "Training", config.Iterations, "updates", tick =>
            trainer.Run(
                p =>
                {
                    rows.Add(p);
                    if (!terminal.Interactive)
                    {
                        terminal.Output.WriteLine(PlainLine(p));
                    }
                },
                u => tick(u),
                cancellation));
        if (terminal.Interactive)
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
                    Markup.Escape(Problem(p)),
                    Bits(p.Predicted),
                    Bits(p.Exact),
                    p.Correct ? "[green]yes[/]" : "[red]no[/]");
            }
            terminal.Ansi.Write(table);
        }
        return model;
    }

    private static string PlainLine(TrainingProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"update {p.Update,9:N0}  error {p.Error,10:F6}  {Problem(p),-14} predicted {Bits(p.Predicted)} exact {Bits(p.Exact)}  {(p.Correct ? "ok" : "wrong")}");

    private static string Problem(TrainingProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"{p.Problem.A} {p.Operation.Symbol} {p.Problem.B} = {p.PredictedValue}");

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
