namespace RnnCalc.Network.Cells;

/// <summary>One tensor of a cell: its name, its shape (rows × columns, row-major) and where it sits in the flat buffer.</summary>
public readonly record struct TensorSpec(string Name, int Rows, int Columns, int Offset)
{
    /// <summary>Weights in the tensor: rows × columns.</summary>
    public int Size => Rows * Columns;

    /// <summary>The shape as the cell's table writes it, e.g. <c>2×16</c>.</summary>
    public string Shape => FormattableString.Invariant($"{Rows}×{Columns}");
}
