namespace RnnCalc.Training;

/// <summary>One run of a sweep: its seed, when it was solved and proven (null if never), and whether the prover accepted it.</summary>
/// <param name="Seed">The np.random.seed value the run trained with.</param>
/// <param name="SolvedAt">The update after which a check first found every pair right; null if never.</param>
/// <param name="ProvenAt">With --until-proven, the update after which the prover accepted the network; null otherwise.</param>
/// <param name="Proven">True when the prover accepted the network (false when proofs were not asked for).</param>
/// <param name="Undecided">True when the solved network was verified and neither proven nor shown wrong (never with --until-proven).</param>
internal sealed record SweepRun(uint Seed, long? SolvedAt, long? ProvenAt, bool Proven, bool Undecided = false);
