namespace RnnCalc.Training;

/// <summary>
/// One configuration of a sweep over seeds: how many runs were solved, and when (updates, and sequences seen),
/// as median, 90th percentile and maximum over the solved runs (null when none was solved), and how many were proven.
/// </summary>
internal sealed record SweepRow(
    TrainingConfig Config,
    int Runs,
    int Solved,
    double? SolvedAtMedian,
    long? SolvedAtP90,
    long? SolvedAtMax,
    double? SequencesMedian,
    double WallSeconds,
    IReadOnlyList<SweepRun> Results)
{
    /// <summary>How many solved runs were also proven right for every length; null when proofs were not asked for.</summary>
    public int? Proven { get; init; }

    /// <summary>How many solved runs verify left undecided (neither proven nor a counterexample); null when proofs were not asked for or with --until-proven.</summary>
    public int? Undecided { get; init; }

    /// <summary>Median update at which runs trained with --until-proven were proven.</summary>
    public double? ProvenAtMedian { get; init; }

    /// <summary>Each run's solvedAt, in seed order (null for a run never solved).</summary>
    public IReadOnlyList<long?> SolvedAt => [.. Results.Select(r => r.SolvedAt)];

    public double SolvedShare => Runs == 0 ? 0 : (double)Solved / Runs;
}
