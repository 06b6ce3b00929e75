using RnnCalc.Arithmetic;
using RnnCalc.Persistence;

namespace RnnCalc.Training;

/// <summary>
/// The network every command uses when no model file is given: the tutorial's run (seed 0) for an operation. It ships
/// inside this library as the model file <c>rnncalc train --save</c> writes (Training/DefaultModels/), so no command
/// trains it on the spot; a test checks that each shipped file equals a fresh <see cref="Train"/> bit for bit.
/// </summary>
public static class DefaultModel
{
    /// <summary>The tutorial's settings (seed 0, 16 hidden units, 10,000 updates) for <paramref name="operation"/>.</summary>
    public static TrainingConfig Config(Operation operation) => TrainingConfig.Tutorial with { Operation = operation };

    /// <summary>The shipped network for <paramref name="operation"/>, read from the library's embedded model file.</summary>
    public static TrainedModel Load(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var name = ResourceName(operation);
        using var stream = typeof(DefaultModel).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the default {operation.Name} network is missing from the library (resource {name})");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return ModelFile.Parse(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
    }

    /// <summary>Trains it in memory; deterministic, so every call gives the same weights as the shipped file.</summary>
    public static TrainedModel Train(Operation operation) => new Trainer(Config(operation)).Run();

    /// <summary>The embedded resource holding the shipped file (see RnnCalc.csproj).</summary>
    internal static string ResourceName(Operation operation) => $"RnnCalc.Training.DefaultModels.{operation.Name}.json";
}
