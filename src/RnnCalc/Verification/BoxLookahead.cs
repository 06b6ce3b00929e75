namespace RnnCalc.Verification;

/// <summary>
/// The gated cells' lookahead: boxes stepped on (interval iteration). Saturating gates shrink a box over a few
/// steps even where one step widens it.
/// </summary>
internal sealed class BoxLookahead(Box box, IntervalStep step) : ILookaheadForm
{
    public (ILookaheadForm Image, Interval Output) Step(int pair)
    {
        var image = new Box(step.StateSize);
        var output = step.Image(box, pair, image);
        return (new BoxLookahead(image, step), output);
    }

    public Box Bounds() => box.Clone();
}
