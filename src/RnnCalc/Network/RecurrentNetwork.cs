using RnnCalc.Network.Cells;
using RnnCalc.Random;

namespace RnnCalc.Network;

/// <summary>
/// A recurrent network that reads two bits a step and emits one: a <see cref="Cells.Cell"/> and its weights, all
/// in one flat buffer laid out by the cell's <see cref="TensorTable"/>. The tutorial's network is the
/// <see cref="Cell.Sigmoid"/> cell, whose three tensors <see cref="Input"/>, <see cref="Output"/> and
/// <see cref="Recurrent"/> the SIMD kernels read directly:
/// <code>
/// tutorial        here                 shape
/// weight_0        Input[i*H + j]       (2×H)  input bit i → hidden unit j
/// weight_1        Output[j]            (H×1)  hidden unit j → output
/// weight_h        Recurrent[i*H + j]   (H×H)  hidden unit i at t−1 → hidden unit j at t
/// layer_1         hidden state         (H)
/// layer_2         output probability   (1)
/// </code>
/// </summary>
public sealed class RecurrentNetwork
{
    /// <summary>Inputs per step: one bit of each operand.</summary>
    public const int InputSize = 2;

    /// <summary>The tutorial's cell at this hidden size.</summary>
    public RecurrentNetwork(int hidden, double initialHidden = 0.1, ExpKind exp = ExpKind.NumpyAvx512)
        : this(Cell.Sigmoid, hidden, initialHidden, exp)
    {
    }

    /// <summary>A network of <paramref name="cell"/> with <paramref name="hidden"/> units (at least 1), all weights zero, starting each sequence from <paramref name="initialHidden"/> in every unit.</summary>
    public RecurrentNetwork(Cell cell, int hidden, double initialHidden, ExpKind exp)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Cell = cell;
        Exp = exp;
        Hidden = hidden;
        InitialHidden = initialHidden;
        Table = cell.Table(hidden);
        Weights = new double[Table.Size];
    }

    /// <summary>The cell: which step and which tensors.</summary>
    public Cell Cell { get; }

    /// <summary>Hidden units H.</summary>
    public int Hidden { get; }

    /// <summary>The exp inside every sigmoid (see <see cref="ExpKind"/>).</summary>
    public ExpKind Exp { get; }

    /// <summary>The value every hidden unit starts a sequence with (the tutorial's 0.1; PyTorch's cells 0).</summary>
    public double InitialHidden { get; }

    /// <summary>The tensors and where they lie in <see cref="Weights"/>.</summary>
    public TensorTable Table { get; }

    /// <summary>Every weight, tensor after tensor as <see cref="Table"/> lays them out.</summary>
    public double[] Weights { get; }

    /// <summary>One tensor of the table, row-major.</summary>
    public Span<double> Tensor(string name) => Slice(Table[name]);

    /// <summary>The weights of <paramref name="tensor"/>, a view into <see cref="Weights"/> (writes change the network).</summary>
    public Span<double> Slice(TensorSpec tensor) => Weights.AsSpan(tensor.Offset, tensor.Size);

    /// <summary>(2×H) row-major: the tutorial's weight_0 (sigmoid cell only).</summary>
    public Span<double> Input => Tutorial(0, InputSize * Hidden);

    /// <summary>(H): the tutorial's weight_1, an H×1 column (sigmoid cell only).</summary>
    public Span<double> Output => Tutorial(InputSize * Hidden, Hidden);

    /// <summary>(H×H) row-major: the tutorial's weight_h (sigmoid cell only).</summary>
    public Span<double> Recurrent => Tutorial((InputSize + 1) * Hidden, Hidden * Hidden);

    /// <summary>The tutorial's initialisation: <c>(2·random() − 1)·scale</c> for weight_0, then weight_1, then weight_h.</summary>
    internal static RecurrentNetwork Initialize(NumpyRandom random, int hidden, double scale = 0.05, double initialHidden = 0.1, ExpKind exp = ExpKind.NumpyAvx512) =>
        Initialize(Cell.Sigmoid, random, hidden, scale, initialHidden, exp);

    /// <summary>A new network of this cell with weights drawn as <see cref="Cell.Initialize"/> says.</summary>
    internal static RecurrentNetwork Initialize(Cell cell, NumpyRandom random, int hidden, double scale, double initialHidden, ExpKind exp)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var network = new RecurrentNetwork(cell, hidden, initialHidden, exp);
        cell.Initialize(network, random, scale);
        return network;
    }

    /// <summary>A new network with the same cell, size, exp and a copy of the weights.</summary>
    public RecurrentNetwork Clone()
    {
        var copy = new RecurrentNetwork(Cell, Hidden, InitialHidden, Exp);
        CopyWeightsTo(copy);
        return copy;
    }

    /// <summary>Copies every weight into <paramref name="target"/>; throws <see cref="ArgumentException"/> when its cell or hidden size differs.</summary>
    public void CopyWeightsTo(RecurrentNetwork target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Cell != Cell || target.Hidden != Hidden)
        {
            throw new ArgumentException($"Networks differ: {Cell} with {Hidden} hidden units, {target.Cell} with {target.Hidden}.", nameof(target));
        }
        Weights.CopyTo(target.Weights, 0);
    }

    /// <summary>True when every weight is a finite number.</summary>
    public bool IsFinite()
    {
        foreach (var v in Weights)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A fresh unrolling shaped for this network, for sequences up to <paramref name="capacity"/> steps.</summary>
    internal Unrolling NewUnrolling(int capacity) => new(Cell, Hidden, capacity);

    /// <summary>A zeroed update shaped like this network's weights.</summary>
    internal Gradient NewGradient() => new(Cell, Hidden);

    private Span<double> Tutorial(int offset, int length) =>
        Cell == Cell.Sigmoid
            ? Weights.AsSpan(offset, length)
            : throw new InvalidOperationException($"the {Cell} cell has no tutorial weight_0/weight_1/weight_h; use Tensor(name)");
}
