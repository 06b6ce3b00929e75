using RnnCalc.Training;

namespace RnnCalc.Tests.Pictures;

/// <summary>A small, quickly trained 4-bit subtraction network with its history, for tests that only need some model.</summary>
internal static class SmallModel
{
    private static readonly Lazy<(TrainedModel Model, TrainingHistory History)> Trained = new(() =>
    {
        var trainer = new Trainer(TrainingConfig.Tutorial with { Bits = 4, Hidden = 6, Iterations = 1500, CheckEvery = 250 }, recordHistory: true);
        return (trainer.Run(), trainer.History!);
    });

    public static TrainedModel Model => Trained.Value.Model;

    public static TrainingHistory History => Trained.Value.History;

    /// <summary>A network that has barely started learning, so it still gets bits wrong.</summary>
    public static TrainedModel Untrained { get; } = new Trainer(TrainingConfig.Tutorial with { Bits = 4, Hidden = 3, Iterations = 5 }).Run();
}
