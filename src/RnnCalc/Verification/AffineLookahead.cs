namespace RnnCalc.Verification;

/// <summary>The lookahead of the tutorial's and the tanh cell: affine forms (<see cref="Zonotope"/>), which keep how the units move together.</summary>
internal sealed class AffineLookahead(Zonotope form, AffineCell cell, double weightRadius) : ILookaheadForm
{
    public (ILookaheadForm Image, Interval Output) Step(int pair)
    {
        var (image, output) = form.Step(cell, pair, weightRadius);
        return (new AffineLookahead(image, cell, weightRadius), output);
    }

    public Box Bounds() => form.Bounds();
}
