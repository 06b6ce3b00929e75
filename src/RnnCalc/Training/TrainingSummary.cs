namespace RnnCalc.Training;

/// <summary>
/// How a training run ended: updates applied, the error of the last example, the update after which every
/// exhaustive pair was first right (null if never checked or not solved), sequences seen, and whether it diverged.
/// </summary>
public sealed record TrainingSummary(long Updates, double FinalError, long? SolvedAt = null, long SequencesSeen = 0, bool Diverged = false);
