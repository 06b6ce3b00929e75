namespace RnnCalc.Verification;

/// <summary>
/// The lookahead of the tutorial's and the tanh cell: affine forms (<see cref="Zonotope"/>), which keep how the units
/// move together. A lookahead is a chain of levels allocated once and reused: <see cref="Step"/> writes its image into
/// the next level and returns it, so an image stays valid until this level steps again. The proof follows the images
/// depth first (an image's own steps are done before its sibling's), which is all it needs.
/// </summary>
internal sealed class AffineLookahead : ILookaheadForm
{
    /// <summary>Generators kept per hidden unit: the proofs of seeds 0..9 close the same with 2, 4 or unbounded.</summary>
    private const int MaxGenerators = 4;

    private readonly Zonotope _form;
    private readonly AffineCell _cell;
    private readonly double _weightRadius;
    private AffineLookahead? _next;

    private AffineLookahead(Zonotope form, AffineCell cell, double weightRadius)
    {
        (_form, _cell, _weightRadius) = (form, cell, weightRadius);
    }

    /// <summary>The first level of a chain, to be <see cref="Load"/>ed with a box.</summary>
    public static AffineLookahead For(AffineCell cell, double weightRadius)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new AffineLookahead(Level(cell), cell, weightRadius);
    }

    /// <summary>Starts the chain from a box (its later levels are overwritten as they are stepped to).</summary>
    public AffineLookahead Load(Box box)
    {
        _form.Load(box);
        return this;
    }

    public (ILookaheadForm Image, Interval Output) Step(int pair)
    {
        _next ??= new AffineLookahead(Level(_cell), _cell, _weightRadius);
        var output = _form.StepInto(_cell, pair, _weightRadius, _next._form);
        // Each step adds H generators (the error terms); past a few H the oldest matter little and cost H² each.
        _next._form.Reduce(MaxGenerators * _cell.Hidden);
        return (_next, output);
    }

    public Box Bounds() => _form.Bounds();

    /// <summary>Room for the kept generators and the H a step adds.</summary>
    private static Zonotope Level(AffineCell cell) => Zonotope.WithCapacity(cell.Hidden, (MaxGenerators + 1) * cell.Hidden);
}
