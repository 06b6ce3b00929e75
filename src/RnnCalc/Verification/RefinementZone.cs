namespace RnnCalc.Verification;

/// <summary>
/// A part of the state space where a proof attempt failed, and the largest box width allowed there on the next try:
/// the offending box is split, in effect, because no box that overlaps it may be wider than <see cref="Width"/>, so
/// the images that landed in it either land in finer boxes or are followed further as affine forms.
/// </summary>
/// <param name="Region">The box that was being explored when the attempt failed.</param>
/// <param name="Width">Largest width of any box that intersects <paramref name="Region"/>.</param>
internal sealed record RefinementZone(Box Region, double Width);
