using RnnCalc.Arithmetic;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Cli;

/// <summary>Where a command's network comes from: <c>--model FILE</c>, or the default network trained on the spot.</summary>
internal static class ModelSource
{
    /// <summary>
    /// Loads <paramref name="path"/>, or trains the default network for <paramref name="operation"/> and says so on
    /// stderr. A file trained for another operation than <paramref name="operation"/> is refused (when given).
    /// </summary>
    public static TrainedModel Get(string? path, Operation? operation, Terminal terminal)
    {
        if (path is null)
        {
            var op = operation ?? Operation.Subtract;
            terminal.Note($"no --model given: training the default {op.Name} network (seed 0, tutorial settings)");
            return DefaultModel.Train(op);
        }
        var model = Load(path);
        if (operation is not null && model.Config.Operation != operation)
        {
            throw new ModelFileException($"model file '{path}' was trained to {model.Config.Operation.Name}, but this needs {operation.Name}");
        }
        return model;
    }

    /// <summary>
    /// One network per operation needed: from the given files (each trained for one operation), and for any
    /// operation no file covers, the default network trained on the spot (said once on stderr).
    /// </summary>
    public static Dictionary<Operation, TrainedModel> GetAll(IReadOnlyList<string> paths, IEnumerable<Operation> needed, Terminal terminal)
    {
        var models = new Dictionary<Operation, TrainedModel>();
        foreach (var path in paths)
        {
            var model = Load(path);
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
            ? $"no --model given: training the default {names} network{plural} (seed 0, tutorial settings)"
            : $"no --model for {names}: training the default {names} network{plural} (seed 0, tutorial settings)");
        foreach (var op in missing)
        {
            models[op] = DefaultModel.Train(op);
        }
        return models;
    }

    /// <summary>The model file at <paramref name="path"/>; a directory there is the user's mistake, said as one.</summary>
    private static TrainedModel Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ModelFileException($"--model '{path}' is a directory; give a model file (one written by rnncalc train --save)");
        }
        return ModelFile.Load(path);
    }
}
