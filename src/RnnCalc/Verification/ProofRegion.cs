namespace RnnCalc.Verification;

/// <summary>
/// The set of hidden states one abstract state of a proof stands for: a box, or (a lookahead node) the affine-form
/// image of state <see cref="From"/> under input pair <see cref="Pair"/>.
/// </summary>
internal sealed record ProofRegion(Box? Box, int From, int Pair);
