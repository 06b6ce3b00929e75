using System.CommandLine;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;

namespace RnnCalc.Cli.Commands;

/// <summary><c>rnncalc export</c>: a network out for other programs, by the extension of <c>--to</c>.</summary>
internal sealed class ExportCommand
{
    private readonly Option<string?> _model = new("--model") { Description = ModelSource.ModelHelp + "; default: train the tutorial's network", HelpName = "FILE" };
    private readonly Option<string> _op = OptionFactory.Choice("--op", ModelSource.OpHelp, "subtract", [.. Operation.All.Select(o => o.Name)]);
    private readonly Option<double?> _initialHidden = OptionFactory.NullableDouble("--initial-hidden", ModelSource.InitialHiddenHelp, -1e3, 1e3);
    private readonly Option<string> _to = new("--to") { Description = "File to write: .npz (numpy: the tutorial's names, or a PyTorch state_dict for tanh, gru, lstm), .onnx (ONNX standard operators, float32) or .json (the model file)", HelpName = "FILE", Required = true };

    public Command Build(Terminal terminal)
    {
        var command = new Command("export", "Write a network for other programs: numpy .npz (tutorial or PyTorch names), ONNX or the model file");
        foreach (var option in new Option[] { _model, _op, _initialHidden, _to })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Run(parse, terminal));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal)
    {
        var to = parse.GetValue(_to)!;
        if (!NetworkExport.Writes(to))
        {
            throw new UsageException($"--to '{to}': export writes {string.Join(", ", NetworkExport.Extensions.SkipLast(1))} or {NetworkExport.Extensions[^1]} files, chosen by the extension");
        }
        OutputPath.CheckWritable(to);
        var path = parse.GetValue(_model);
        var model = ModelSource.Get(parse, path, _op, _initialHidden, terminal);
        NetworkExport.Save(to, model);
        if (Path.GetExtension(to).Equals(".npz", StringComparison.OrdinalIgnoreCase) && NetworkExport.NpzLeavesOut(model) is { } note)
        {
            terminal.Note(note);
        }
        terminal.Output.WriteLine($"Wrote {to}: the {model.Network.Cell} network ({model.Network.Hidden} hidden units) that {model.Config.Operation.Name}s.");
        return ExitCode.Success;
    }
}
