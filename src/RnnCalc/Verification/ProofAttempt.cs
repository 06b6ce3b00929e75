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
/// <param name="Elapsed">Time the attempt took.</param>
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
}
