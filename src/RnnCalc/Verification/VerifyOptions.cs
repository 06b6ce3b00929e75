namespace RnnCalc.Verification;

/// <summary>Limits and settings of <see cref="Verifier.Verify"/>; the defaults prove tutorial networks in well under a second.</summary>
public sealed record VerifyOptions
{
    /// <summary>The limits <c>rnncalc verify</c> uses: 30 s for the proof, a falsifier search when it fails.</summary>
    public static VerifyOptions Default { get; } = new();

    /// <summary>For checks inside training and sweeps: a shorter budget, fewer rounds of refinement and no counterexample search.</summary>
    public static VerifyOptions Quick { get; } = new() { TimeLimit = TimeSpan.FromSeconds(5), FalsifierWalks = 0, RefinementRounds = 8 };

    /// <summary>
    /// The proof's attempts in order, each (largest box width, lookahead steps), stopping at the first that closes.
    /// The first is coarse: boxes up to 0.1 wide, each image followed up to 16 steps, which proves most trained
    /// networks with half the abstract states 0.05-wide boxes need (the median tutorial network after 10,000 updates
    /// in 43 ms instead of 98). Then smaller boxes and longer lookahead; the last goes back to wide boxes with a long
    /// lookahead, which closes networks whose images stay just too wide for the small boxes.
    /// </summary>
    public IReadOnlyList<(double Width, int Depth)> Attempts { get; init; } = [(0.1, 16), (0.05, 16), (0.02, 16), (0.01, 20), (0.05, 40)];

    /// <summary>
    /// After which attempt (its index in <see cref="Attempts"/>) a failed attempt is refined where it failed
    /// (<see cref="ProofRefinement"/>), with up to two thirds of the time left, before the later attempts run.
    /// </summary>
    internal int RefineAfter { get; init; } = 1;

    /// <summary>States the guided counterexample search (<see cref="MarginSearch"/>) keeps per step.</summary>
    internal int MarginBeam { get; init; } = 64;

    /// <summary>Steps the guided counterexample search goes past its starts.</summary>
    internal int MarginDepth { get; init; } = 300;

    /// <summary>Most rounds of refinement (0: none).</summary>
    internal int RefinementRounds { get; init; } = 40;

    /// <summary>
    /// Budget for the proof: the verifying thread's CPU time where the OS reports it (Linux), so a busy machine
    /// does not cut proofs short; wall time elsewhere.
    /// </summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most abstract states (boxes and lookahead nodes) one attempt may create.</summary>
    public int MaxAbstractStates { get; init; } = 2_000_000;

    /// <summary>Largest hidden size verified at all (the proof's steps cost about H³, the exhaustive check 260,000·H²).</summary>
    public int MaxHidden { get; init; } = 128;

    /// <summary>L∞ radius of the extraction's clusters.</summary>
    public double ExtractionRadius { get; init; } = 0.05;

    /// <summary>Most clusters the extraction may make before it gives up.</summary>
    public int ExtractionMaxClusters { get; init; } = 2000;

    /// <summary>Random inputs tried (each <see cref="FalsifierLength"/> steps) when the proof fails.</summary>
    public int FalsifierWalks { get; init; } = 2000;

    /// <summary>Steps of each falsifier walk.</summary>
    public int FalsifierLength { get; init; } = 1000;

    /// <summary>Time the counterexample search may take after the proof attempts (on top of <see cref="TimeLimit"/>).</summary>
    public TimeSpan FalsifierTime { get; init; } = TimeSpan.FromSeconds(3);
}
