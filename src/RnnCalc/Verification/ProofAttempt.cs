namespace RnnCalc.Verification;

/// <summary>
/// One try at an inductive invariant with given box size and lookahead: either a closed abstraction (every box's
/// image lands in a box, every output certain) as a Mealy machine, or why it stopped and where.
/// </summary>
/// <param name="Width">Largest box width (L∞) allowed when boxes are opened or merged.</param>
/// <param name="Depth">How many steps past a box the affine-form lookahead may go before an image must land.</param>
/// <param name="Closed">True when the boxes form a sound fixed point with every output certain.</param>
/// <param name="Machine">The abstraction as a Mealy machine (boxes and lookahead nodes) when closed.</param>
/// <param name="Boxes">Boxes opened.</param>
/// <param name="AbstractStates">States of the abstraction reachable from the initial one (boxes and lookahead nodes), when closed.</param>
/// <param name="Reason">Why the attempt stopped, when not closed.</param>
/// <param name="Witness">An input from the initial state into the trouble, when not closed (a hint for counterexample search).</param>
/// <param name="Elapsed">Time the attempt took (the verifying thread's CPU time where the OS reports it).</param>
public sealed record ProofAttempt(
    double Width,
    int Depth,
    bool Closed,
    MealyMachine? Machine,
    int Boxes,
    int AbstractStates,
    string? Reason,
    IReadOnlyList<int>? Witness,
    TimeSpan Elapsed)
{
    /// <summary>The regions behind <see cref="Machine"/> (what a certificate is made of), when closed.</summary>
    internal ProofInvariant? Invariant { get; init; }

    /// <summary>The boxes whose transitions failed (where to refine), when the attempt collected them.</summary>
    internal IReadOnlyList<Box> FailedRegions { get; init; } = [];

    /// <summary>Per failed region: true when it failed only because an image could not land in a refinement zone's finer boxes.</summary>
    internal IReadOnlyList<bool> FailedInZone { get; init; } = [];

    /// <summary>Rounds of <see cref="ProofRefinement"/> this attempt is the last of (0: not refined).</summary>
    internal int Refinements { get; init; }

    /// <summary>True when the attempt stopped at a limit (time or abstract states) rather than on the abstraction.</summary>
    internal bool Stopped { get; init; }
}
