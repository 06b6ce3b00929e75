namespace RnnCalc.Training;

/// <summary>A network together with every setting that produced it and how its training ended.</summary>
public sealed record TrainedModel(TrainingConfig Config, Network.RecurrentNetwork Network, TrainingSummary Training);
