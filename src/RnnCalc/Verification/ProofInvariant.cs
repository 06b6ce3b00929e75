namespace RnnCalc.Verification;

/// <summary>
/// A closed proof's inductive invariant: per abstract state of <see cref="Machine"/> (state 0 holds the initial
/// hidden state) its region; every region's image under every input pair lies in its successor's region.
/// </summary>
internal sealed record ProofInvariant(MealyMachine Machine, IReadOnlyList<ProofRegion> Regions)
{
    /// <summary>The <see cref="ILookaheadForm"/> types its lookahead nodes were followed in (none without lookahead nodes).</summary>
    public IReadOnlySet<Type> LookaheadForms { get; init; } = new HashSet<Type>();
}
