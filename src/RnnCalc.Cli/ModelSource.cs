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
        var model = ModelFile.Load(path);
        if (operation is not null && model.Config.Operation != operation)
        {
            throw new ModelFileException($"model file '{path}' was trained to {model.Config.Operation.Name}, but this needs {operation.Name}");
        }
        return model;
    }
}
