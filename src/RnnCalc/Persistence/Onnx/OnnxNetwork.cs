using System.Globalization;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Training;

namespace RnnCalc.Persistence.Onnx;

/// <summary>
/// A network as an ONNX graph of standard operators (opset 17), float32 throughout — the type every runtime's
/// RNN, GRU and LSTM kernels take:
/// <code>
/// bits         [steps, batch, 2]   input: (a_t, b_t) per step, least-significant bit first
/// initial_h    [1, batch, H]       h0 (the model's) expanded to the batch; an LSTM's initial_c is 0
/// states       [steps, 1, batch, H]  RNN (activation Sigmoid or Tanh), GRU or LSTM, forward, seq-first
/// probability  [steps, batch]      output: p(1) per step = Sigmoid(states · W1 (+ b))
/// </code>
/// The recurrent tensors are reordered into ONNX's gate order: GRU z, r, h from PyTorch's r, z, n (with
/// linear_before_reset = 1, PyTorch's placement of b_hn), LSTM i, o, f, c from PyTorch's i, f, g, o. The
/// tutorial's cell has no biases, so its node gets no B; its weights are transposed into ONNX's [H, in] rows.
/// </summary>
internal static class OnnxNetwork
{
    public const string InputName = "bits";

    public const string OutputName = "probability";

    /// <summary>The model file's bytes.</summary>
    public static byte[] Write(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var net = model.Network;
        var h = net.Hidden;
        var graph = new OnnxGraph();
        graph.Input(InputName, OnnxDimension.Named("steps"), OnnxDimension.Named("batch"), OnnxDimension.Fixed(RecurrentNetwork.InputSize));

        // initial_h = Expand(h0 [1, 1, H], [1, batch, H]): the batch is the input's second dimension.
        graph.Initializer("one", [1], [1L]);
        graph.Initializer("hidden_units", [1], [(long)h]);
        graph.Node("Shape", [InputName], "batch", OnnxAttribute.Of("start", 1), OnnxAttribute.Of("end", 2));
        graph.Node("Concat", ["one", "batch", "hidden_units"], "state_shape", OnnxAttribute.Of("axis", 0));
        graph.Initializer("h0", [1, 1, h], Filled(h, (float)net.InitialHidden));
        graph.Node("Expand", ["h0", "state_shape"], "initial_h");

        var (op, activations) = Recurrent(net.Cell);
        var attributes = new List<OnnxAttribute> { OnnxAttribute.Of("hidden_size", h), OnnxAttribute.Of("activations", activations) };
        string[] inputs;
        if (net.Cell is PyTorchCell cell)
        {
            var order = OnnxGateOrder(cell);
            var rows = cell.Gates * h;
            graph.Initializer("W", [1, rows, RecurrentNetwork.InputSize], Blocks(net.Tensor("weight_ih"), order, h * RecurrentNetwork.InputSize));
            graph.Initializer("R", [1, rows, h], Blocks(net.Tensor("weight_hh"), order, h * h));
            graph.Initializer("B", [1, 2 * rows], [.. Blocks(net.Tensor("bias_ih"), order, h), .. Blocks(net.Tensor("bias_hh"), order, h)]);
            graph.Initializer("output_weight", [h, 1], Floats(net.Tensor("out.weight")));
            graph.Initializer("output_bias", [1], Floats(net.Tensor("out.bias")));
            inputs = [InputName, "W", "R", "B", string.Empty, "initial_h"];
            if (cell == Cell.Gru)
            {
                attributes.Add(OnnxAttribute.Of("linear_before_reset", 1));
            }
            if (cell == Cell.Lstm)
            {
                graph.Initializer("c0", [1, 1, h], Filled(h, 0));
                graph.Node("Expand", ["c0", "state_shape"], "initial_c");
                inputs = [.. inputs, "initial_c"];
            }
        }
        else
        {
            // weight_0 (2×H) and weight_h (H×H) multiply from the right; ONNX's W and R hold one row per unit.
            graph.Initializer("W", [1, h, RecurrentNetwork.InputSize], Transposed(net.Input, RecurrentNetwork.InputSize, h));
            graph.Initializer("R", [1, h, h], Transposed(net.Recurrent, h, h));
            graph.Initializer("output_weight", [h, 1], Floats(net.Output));
            inputs = [InputName, "W", "R", string.Empty, string.Empty, "initial_h"];
        }
        graph.Node(op, inputs, "states", [.. attributes]);

        // p = Sigmoid(h · W1 (+ b)) at every step: [steps, 1, batch, H] → [steps, batch, H] → [steps, batch, 1] → [steps, batch]
        graph.Initializer("direction_axis", [1], [1L]);
        graph.Initializer("output_axis", [1], [2L]);
        graph.Node("Squeeze", ["states", "direction_axis"], "hidden");
        graph.Node("MatMul", ["hidden", "output_weight"], "weighted");
        var logit = "weighted";
        if (net.Cell is PyTorchCell)
        {
            graph.Node("Add", ["weighted", "output_bias"], "logit");
            logit = "logit";
        }
        graph.Node("Sigmoid", [logit], "p");
        graph.Node("Squeeze", ["p", "output_axis"], OutputName);
        graph.Output(OutputName, OnnxDimension.Named("steps"), OnnxDimension.Named("batch"));

        return graph.Model($"rnncalc_{net.Cell.Name}", Metadata(model));
    }

    /// <summary>The operator and its activations, spelled as ONNX spells them (case matters: an unknown name may run as Tanh).</summary>
    private static (string Op, string[] Activations) Recurrent(Cell cell) =>
        cell == Cell.Sigmoid ? ("RNN", ["Sigmoid"])
        : cell == Cell.Tanh ? ("RNN", ["Tanh"])
        : cell == Cell.Gru ? ("GRU", ["Sigmoid", "Tanh"])
        : cell == Cell.Lstm ? ("LSTM", ["Sigmoid", "Tanh", "Tanh"])
        : throw new ArgumentException($"no ONNX operator for the {cell} cell", nameof(cell));

    /// <summary>For each ONNX gate block, the PyTorch block it comes from: GRU z, r, h ← r, z, n; LSTM i, o, f, c ← i, f, g, o.</summary>
    private static int[] OnnxGateOrder(PyTorchCell cell) =>
        cell == Cell.Gru ? [1, 0, 2] : cell == Cell.Lstm ? [0, 3, 1, 2] : [0];

    private static float[] Blocks(ReadOnlySpan<double> tensor, int[] order, int blockSize)
    {
        var result = new float[order.Length * blockSize];
        for (var b = 0; b < order.Length; b++)
        {
            var from = tensor.Slice(order[b] * blockSize, blockSize);
            for (var i = 0; i < blockSize; i++)
            {
                result[(b * blockSize) + i] = (float)from[i];
            }
        }
        return result;
    }

    private static float[] Transposed(ReadOnlySpan<double> matrix, int rows, int columns)
    {
        var result = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = (float)matrix[(r * columns) + c];
            }
        }
        return result;
    }

    private static float[] Floats(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }
        return result;
    }

    private static float[] Filled(int count, float value)
    {
        var result = new float[count];
        Array.Fill(result, value);
        return result;
    }

    /// <summary>What the graph cannot say by itself: the operation it computes, and its h0 in full precision.</summary>
    private static Dictionary<string, string> Metadata(TrainedModel model) => new()
    {
        ["rnncalc.cell"] = model.Network.Cell.Name,
        ["rnncalc.operation"] = model.Config.Operation.Name,
        ["rnncalc.hidden"] = model.Network.Hidden.ToString(CultureInfo.InvariantCulture),
        ["rnncalc.initial_hidden"] = model.Network.InitialHidden.ToString("R", CultureInfo.InvariantCulture),
    };
}
