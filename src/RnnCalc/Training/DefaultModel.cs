using RnnCalc.Arithmetic;

namespace RnnCalc.Training;

/// <summary>The network every command uses when no model file is given: the tutorial's run (seed 0) for an operation.</summary>
public static class DefaultModel
{
    /// <summary>The tutorial's settings (seed 0, 16 hidden units, 10,000 updates) for <paramref name="operation"/>.</summary>
    public static TrainingConfig Config(Operation operation) => TrainingConfig.Tutorial with { Operation = operation };

    /// <summary>Trains it in memory; deterministic, so every call gives the same weights.</summary>
    public static TrainedModel Train(Operation operation) => new Trainer(Config(operation)).Run();
}
