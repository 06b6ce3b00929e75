namespace RnnCalc.Training;

/// <summary>
/// One configuration of a sweep over seeds: how many runs were solved, and when (updates, and sequences seen),
/// as median, 90th percentile and maximum over the solved runs; null when none was solved.
/// </summary>
public sealed record SweepRow(
    TrainingConfig Config,
    int Runs,
    int Solved,
    double? SolvedAtMedian,
    long? SolvedAtP90,
    long? SolvedAtMax,
    double? SequencesMedian,
    double WallSeconds,
    IReadOnlyList<long?> SolvedAt)
{
    public double SolvedShare => Runs == 0 ? 0 : (double)Solved / Runs;
}
