namespace RnnCalc.Network.Cells;

/// <summary>
/// The tensors of a cell at a hidden size, in order: they lie back to back in one flat buffer, so optimizers,
/// clipping, bounds, copies, checkpoints and the model file loop over this table and never name a weight.
/// The order is also the order in which initial weights are drawn.
/// </summary>
public sealed class TensorTable
{
    private readonly TensorSpec[] _tensors;

    /// <summary>Lays the tensors out one after another in the given order, each row-major, starting at offset 0.</summary>
    public TensorTable(IEnumerable<(string Name, int Rows, int Columns)> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = new List<TensorSpec>();
        var offset = 0;
        foreach (var (name, rows, columns) in tensors)
        {
            list.Add(new TensorSpec(name, rows, columns, offset));
            offset += rows * columns;
        }
        _tensors = [.. list];
        Size = offset;
    }

    /// <summary>Weights in all: the length of the flat buffer.</summary>
    public int Size { get; }

    /// <summary>The tensors in buffer order, with their offsets.</summary>
    public IReadOnlyList<TensorSpec> Tensors => _tensors;

    /// <summary>The tensor named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when the cell has none.</summary>
    public TensorSpec this[string name] =>
        TryFind(name, out var spec) ? spec : throw new KeyNotFoundException($"no tensor '{name}' in this cell");

    /// <summary>Finds the tensor named <paramref name="name"/> (ordinal); false when the cell has none.</summary>
    public bool TryFind(string name, out TensorSpec spec)
    {
        foreach (var t in _tensors)
        {
            if (t.Name == name)
            {
                spec = t;
                return true;
            }
        }
        spec = default;
        return false;
    }
}
