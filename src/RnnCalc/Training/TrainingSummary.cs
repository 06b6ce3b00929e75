namespace RnnCalc.Training;

/// <summary>How a training run ended: updates applied and the error of the last example.</summary>
public sealed record TrainingSummary(long Updates, double FinalError);
