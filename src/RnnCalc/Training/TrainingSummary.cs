namespace RnnCalc.Training;

/// <summary>
/// How a training run ended: updates applied, the error of the last example, the update after which every
/// exhaustive pair was first right (null if never checked or not solved), sequences seen, whether it diverged, and
/// the update after which it was first proven right for every length (with --until-proven).
/// </summary>
public sealed record TrainingSummary(long Updates, double FinalError, long? SolvedAt = null, long SequencesSeen = 0, bool Diverged = false, long? ProvenAt = null);
