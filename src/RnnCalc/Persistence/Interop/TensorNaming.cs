using RnnCalc.Network;
using RnnCalc.Network.Cells;

namespace RnnCalc.Persistence.Interop;

/// <summary>
/// The names and shapes another program gives a cell's tensors: the tutorial's <c>weight_0</c>…, Trask's
/// <c>synapse_0</c>…, or a PyTorch state_dict's <c>rnn.weight_ih_l0</c>…, each mapped onto a tensor of our table.
/// </summary>
internal sealed class TensorNaming
{
    private TensorNaming(string description, IReadOnlyList<string> keys, Func<int, Cell?, IReadOnlyList<ForeignTensor>> layout)
    {
        Description = description;
        Keys = keys;
        _layout = layout;
    }

    private readonly Func<int, Cell?, IReadOnlyList<ForeignTensor>> _layout;

    /// <summary>The tutorial's numpy arrays (sigmoid cell).</summary>
    public static TensorNaming Tutorial { get; } = new("the tutorial's names", ["weight_0", "weight_1", "weight_h"], (h, _) => SigmoidLayout(h, "weight_"));

    /// <summary>Trask's numpy arrays from his addition post (sigmoid cell).</summary>
    public static TensorNaming Trask { get; } = new("Trask's names", ["synapse_0", "synapse_1", "synapse_h"], (h, _) => SigmoidLayout(h, "synapse_"));

    /// <summary>A state_dict of a module with submodules <c>rnn</c> (nn.RNN tanh, nn.GRU, nn.LSTM) and <c>out</c> (nn.Linear(H, 1)).</summary>
    public static TensorNaming PyTorch { get; } = new(
        "a PyTorch state_dict",
        [.. Cell.Tanh.Table(1).Tensors.Select(t => PyTorchCell.StateDictKey(t.Name))],
        PyTorchLayout);

    public string Description { get; }

    /// <summary>Every key, in the order they are written.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The naming a set of keys uses, judged by any one known key; null if none is known.</summary>
    public static TensorNaming? Of(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.ToList();
        return new[] { Tutorial, Trask, PyTorch }.FirstOrDefault(n => list.Any(n.Keys.Contains));
    }

    /// <summary>The naming a network is exported with: the tutorial's for the sigmoid cell, PyTorch's for the others.</summary>
    public static TensorNaming For(Cell cell) => cell == Cell.Sigmoid ? Tutorial : PyTorch;

    /// <summary>Each key with its tensor in our table and the shape the other program gives it.</summary>
    public IReadOnlyList<ForeignTensor> Layout(int hidden, Cell? cell = null) => _layout(hidden, cell);

    private static ForeignTensor[] SigmoidLayout(int h, string prefix) =>
    [
        new(prefix + "0", "input", [RecurrentNetwork.InputSize, h]),
        new(prefix + "1", "output", [h, 1]),
        new(prefix + "h", "recurrent", [h, h]),
    ];

    private static ForeignTensor[] PyTorchLayout(int h, Cell? cell)
    {
        var rows = (cell as PyTorchCell ?? (PyTorchCell)Cell.Tanh).Gates * h;
        return
        [
            new("rnn.weight_ih_l0", "weight_ih", [rows, RecurrentNetwork.InputSize]),
            new("rnn.weight_hh_l0", "weight_hh", [rows, h]),
            new("rnn.bias_ih_l0", "bias_ih", [rows]),
            new("rnn.bias_hh_l0", "bias_hh", [rows]),
            new("out.weight", "out.weight", [1, h]),
            new("out.bias", "out.bias", [1]),
        ];
    }
}
