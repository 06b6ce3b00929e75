namespace RnnCalc.Verification;

/// <summary>
/// A set of states the proof's lookahead follows past a box whose image is too wide to land: an affine form for the
/// tutorial's cell (<see cref="AffineLookahead"/>), a box for the gated cells (<see cref="BoxLookahead"/>).
/// </summary>
internal interface ILookaheadForm
{
    /// <summary>The set one step on, under an input pair, and the output interval over it.</summary>
    (ILookaheadForm Image, Interval Output) Step(int pair);

    /// <summary>A new box holding the set (the caller may pad it).</summary>
    Box Bounds();
}
