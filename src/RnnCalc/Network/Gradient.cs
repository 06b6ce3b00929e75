using RnnCalc.Network.Cells;

namespace RnnCalc.Network;

/// <summary>
/// A weight update with the network's layout (the tutorial's weight_*_update): minus the gradient of
/// ½Σₜ(yₜ − outₜ)², accumulated over a sequence (or a batch of them), in one flat buffer laid out by the
/// cell's <see cref="TensorTable"/>.
/// </summary>
internal sealed class Gradient
{
    /// <summary>For the tutorial's cell.</summary>
    public Gradient(int hidden)
        : this(Cell.Sigmoid, hidden)
    {
    }

    public Gradient(Cell cell, int hidden)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Cell = cell;
        Hidden = hidden;
        Table = cell.Table(hidden);
        Values = new double[Table.Size];
    }

    public Cell Cell { get; }

    public int Hidden { get; }

    public TensorTable Table { get; }

    /// <summary>Every entry, laid out as the network's <see cref="RecurrentNetwork.Weights"/>.</summary>
    public double[] Values { get; }

    public Span<double> Tensor(string name)
    {
        var t = Table[name];
        return Values.AsSpan(t.Offset, t.Size);
    }

    /// <summary>(2×H), sigmoid cell only.</summary>
    public Span<double> Input => Tutorial(0, RecurrentNetwork.InputSize * Hidden);

    /// <summary>(H), sigmoid cell only.</summary>
    public Span<double> Output => Tutorial(RecurrentNetwork.InputSize * Hidden, Hidden);

    /// <summary>(H×H), sigmoid cell only.</summary>
    public Span<double> Recurrent => Tutorial((RecurrentNetwork.InputSize + 1) * Hidden, Hidden * Hidden);

    public void Clear() => Array.Clear(Values);

    private Span<double> Tutorial(int offset, int length) =>
        Cell == Cell.Sigmoid
            ? Values.AsSpan(offset, length)
            : throw new InvalidOperationException($"the {Cell} cell has no tutorial weight_*_update; use Tensor(name)");
}
