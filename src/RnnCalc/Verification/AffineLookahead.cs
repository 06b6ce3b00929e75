namespace RnnCalc.Verification;

/// <summary>The lookahead of the tutorial's and the tanh cell: affine forms (<see cref="Zonotope"/>), which keep how the units move together.</summary>
internal sealed class AffineLookahead(Zonotope form, AffineCell cell, double weightRadius) : ILookaheadForm
{
    /// <summary>Generators kept per hidden unit: the proofs of seeds 0..9 close the same with 2, 4 or unbounded.</summary>
    private const int MaxGenerators = 4;

    public (ILookaheadForm Image, Interval Output) Step(int pair)
    {
        var (image, output) = form.Step(cell, pair, weightRadius);
        // Each step adds H generators (the error terms); past a few H the oldest matter little and cost H² each.
        return (new AffineLookahead(image.Reduced(MaxGenerators * cell.Hidden), cell, weightRadius), output);
    }

    public Box Bounds() => form.Bounds();
}
