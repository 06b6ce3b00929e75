using System.CommandLine;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Cli;

/// <summary>Where a command's network comes from: <c>--model FILE</c>, or the default network shipped with rnncalc.</summary>
internal static class ModelSource
{
    /// <summary>
    /// Loads <paramref name="path"/>, or the default network for <paramref name="operation"/> and says so on
    /// stderr. A file trained for another operation than <paramref name="operation"/> is refused (when given).
    /// </summary>
    public static TrainedModel Get(string? path, Operation? operation, Terminal terminal, NetworkFileOptions? options = null)
    {
        if (path is null)
        {
            if (options?.InitialHidden is not null)
            {
                throw new UsageException("--initial-hidden is for a --model file that does not record h0 (an .npz or a printed run)");
            }
            var op = operation ?? Operation.Subtract;
            terminal.Note($"no --model given: using the default {op.Name} network (seed 0, tutorial settings)");
            return DefaultModel.Load(op);
        }
        var model = Load(path, options, terminal);
        if (operation is not null && model.Config.Operation != operation)
        {
            throw new ModelFileException($"model file '{path}' was trained to {model.Config.Operation.Name}, but this needs {operation.Name}");
        }
        return model;
    }

    /// <summary>
    /// One network per operation needed: from the given files (each trained for one operation), and for any
    /// operation no file covers, the default network (said once on stderr).
    /// </summary>
    public static Dictionary<Operation, TrainedModel> GetAll(IReadOnlyList<string> paths, IEnumerable<Operation> needed, Terminal terminal, NetworkFileOptions? options = null)
    {
        var models = new Dictionary<Operation, TrainedModel>();
        foreach (var path in paths)
        {
            var model = Load(path, options, terminal);
            if (!models.TryAdd(model.Config.Operation, model))
            {
                throw new UsageException($"two --model files are trained for {model.Config.Operation.Name}; give one per operation");
            }
        }
        var missing = needed.Where(op => !models.ContainsKey(op)).ToList();
        if (missing.Count == 0)
        {
            return models;
        }
        var names = string.Join(" and ", missing.Select(op => op.Name));
        var plural = missing.Count > 1 ? "s" : string.Empty;
        terminal.Note(paths.Count == 0
            ? $"no --model given: using the default {names} network{plural} (seed 0, tutorial settings)"
            : $"no --model for {names}: using the default {names} network{plural} (seed 0, tutorial settings)");
        foreach (var op in missing)
        {
            models[op] = DefaultModel.Load(op);
        }
        return models;
    }

    /// <summary>The --model option's help: every kind of file it takes.</summary>
    public const string ModelHelp = "Network file: an rnncalc model or checkpoint, a numpy .npz (the tutorial's, Trask's or PyTorch's names) or the tutorial's printed output";

    /// <summary>--op's help where a model file is taken.</summary>
    public const string OpHelp = "Operation of the default network, and of a file that does not record one (.npz, printed output); a model file knows its own";

    /// <summary>--initial-hidden's help where a model file is taken.</summary>
    public const string InitialHiddenHelp = "h0 for a file that does not record one (.npz, printed output); default the cell's: 0.1 for the tutorial's, 0 for PyTorch's and Trask's";

    /// <summary>
    /// The network of a command with --model, --op and --initial-hidden: --op picks the default network; with a
    /// model file it is only a check, and only when given explicitly; a file without an operation takes it.
    /// </summary>
    public static TrainedModel Get(ParseResult parse, string? path, Option<string> op, Option<double?> initialHidden, Terminal terminal)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var opGiven = parse.GetResult(op) is { Implicit: false };
        Operation? operation = (path is null || opGiven) && Operation.TryParse(parse.GetValue(op), out var given) ? given : null;
        return Get(path, operation, terminal, Options(parse, op, initialHidden));
    }

    /// <summary>What a foreign file cannot say: an explicitly given --op (else the file's default), and --initial-hidden.</summary>
    public static NetworkFileOptions Options(ParseResult parse, Option<string> op, Option<double?> initialHidden)
    {
        ArgumentNullException.ThrowIfNull(parse);
        Operation? operation = parse.GetResult(op) is { Implicit: false } && Operation.TryParse(parse.GetValue(op), out var given) ? given : null;
        return new NetworkFileOptions(operation, parse.GetValue(initialHidden));
    }

    /// <summary>The network at <paramref name="path"/>, of any kind; what was assumed for it is said on stderr.</summary>
    private static TrainedModel Load(string path, NetworkFileOptions? options, Terminal terminal)
    {
        if (Directory.Exists(path))
        {
            throw new ModelFileException($"--model '{path}' is a directory; give a model file (one written by rnncalc train --save)");
        }
        var loaded = NetworkFile.Read(path, options);
        if (loaded.Assumptions is { } assumed)
        {
            terminal.Note($"'{path}': {assumed}");
        }
        return loaded.Model;
    }
}
