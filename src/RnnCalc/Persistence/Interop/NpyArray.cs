namespace RnnCalc.Persistence.Interop;

/// <summary>One array of a numpy file: its name (the .npz key), its shape and its values in C order, as doubles.</summary>
internal sealed record NpyArray(string Name, IReadOnlyList<int> Shape, double[] Values)
{
    /// <summary>The shape as Python prints it: <c>(2, 16)</c>, <c>(16,)</c>.</summary>
    public string ShapeText => ShapeOf(Shape);

    public static string ShapeOf(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.Count == 1 ? FormattableString.Invariant($"({shape[0]},)") : $"({string.Join(", ", shape)})";
    }
}
