using System.Text.Json;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Tests.Network;

/// <summary>
/// llm.c's test_gpt2 for our PyTorch cells: weights, inputs, per-step outputs, states and every gradient written by
/// PyTorch in float64 (Fixtures/Cells, made by make_cell_fixtures.py), and our scalar reference must agree to 1e-12.
/// </summary>
public class PyTorchCellTests
{
    private const double Tolerance = 1e-12;

    /// <summary>Each cell and exp through the scalar reference, and through the kernels training uses (<see cref="CellKernels"/>).</summary>
    public static TheoryData<string, ExpKind, bool> Cells() => new()
    {
        { "tanh", ExpKind.NumpyAvx512, false },
        { "gru", ExpKind.NumpyAvx512, false },
        { "lstm", ExpKind.NumpyAvx512, false },
        { "gru", ExpKind.Libm, false },
        { "lstm", ExpKind.Libm, false },
        { "tanh", ExpKind.NumpyAvx512, true },
        { "gru", ExpKind.NumpyAvx512, true },
        { "lstm", ExpKind.NumpyAvx512, true },
        { "gru", ExpKind.Libm, true },
        { "lstm", ExpKind.Libm, true },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void ForwardAndBackwardEqualPyTorch(string cellName, ExpKind exp, bool throughKernels)
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine("Fixtures", "Cells", cellName + ".json")));
        Assert.True(Cell.TryParse(fixture.RootElement.GetProperty("cell").GetString(), out var cell));
        var cases = 0;
        foreach (var c in fixture.RootElement.GetProperty("cases").EnumerateArray())
        {
            var hidden = c.GetProperty("hidden").GetInt32();
            var net = new RecurrentNetwork(cell, hidden, 0, exp);
            foreach (var tensor in net.Table.Tensors)
            {
                var stored = c.GetProperty("weights").GetProperty(PyTorchCell.StateDictKey(tensor.Name));
                var data = Numbers(stored.GetProperty("data"));
                Assert.Equal(tensor.Size, data.Length);
                data.CopyTo(net.Slice(tensor));
            }
            var a = Numbers(c.GetProperty("a"));
            var b = Numbers(c.GetProperty("b"));
            var y = Numbers(c.GetProperty("y"));
            var sequence = new BitSequence(a.Length);
            sequence.SetLength(a.Length);
            for (var t = 0; t < a.Length; t++)
            {
                (sequence.A[t], sequence.B[t], sequence.Target[t]) = ((byte)a[t], (byte)b[t], (byte)y[t]);
            }
            var run = net.NewUnrolling(a.Length);
            var update = net.NewGradient();
            if (throughKernels)
            {
                CellKernels.Forward(net, sequence, run);
                CellKernels.Backward(net, sequence, run, update);
            }
            else
            {
                Rnn.Forward(net, sequence, run);
                Rnn.Backward(net, sequence, run, update);
            }

            // forward pass went well: every output and every state
            var outputs = Numbers(c.GetProperty("outputs"));
            var loss = 0.0;
            for (var t = 0; t < a.Length; t++)
            {
                Close(outputs[t], run.Outputs[t], $"{cell} H={hidden} p[{t}]");
                loss += 0.5 * (y[t] - run.Outputs[t]) * (y[t] - run.Outputs[t]);
                var h = Numbers(c.GetProperty("hidden_states")[t]);
                for (var j = 0; j < hidden; j++)
                {
                    Close(h[j], run.StateAfter(t)[j], $"{cell} H={hidden} h[{t}][{j}]");
                }
                if (c.TryGetProperty("cell_states", out var cellStates))
                {
                    var cs = Numbers(cellStates[t]);
                    for (var j = 0; j < hidden; j++)
                    {
                        Close(cs[j], run.StateAfter(t)[hidden + j], $"{cell} H={hidden} c[{t}][{j}]");
                    }
                }
            }
            Close(c.GetProperty("loss").GetDouble(), loss, $"{cell} H={hidden} loss");

            // backward pass went well: our update is minus PyTorch's gradient, tensor by tensor
            foreach (var tensor in net.Table.Tensors)
            {
                var gradient = Numbers(c.GetProperty("gradients").GetProperty(PyTorchCell.StateDictKey(tensor.Name)).GetProperty("data"));
                var ours = update.Tensor(tensor.Name);
                for (var k = 0; k < tensor.Size; k++)
                {
                    Close(gradient[k], -ours[k], $"{cell} H={hidden} ∂{tensor.Name}[{k}]");
                }
            }
            cases++;
        }
        Assert.Equal(6, cases);
    }

    [Fact]
    public void TheComparisonNoticesAGateInTheWrongOrder()
    {
        // Swapping GRU's r and z blocks must break the match: the fixture pins PyTorch's gate order.
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine("Fixtures", "Cells", "gru.json")));
        var c = fixture.RootElement.GetProperty("cases")[2];
        var hidden = c.GetProperty("hidden").GetInt32();
        var net = new RecurrentNetwork(Cell.Gru, hidden, 0, ExpKind.Libm);
        foreach (var tensor in net.Table.Tensors)
        {
            Numbers(c.GetProperty("weights").GetProperty(PyTorchCell.StateDictKey(tensor.Name)).GetProperty("data")).CopyTo(net.Slice(tensor));
        }
        var ih = net.Tensor("weight_ih");
        var r = ih[..(2 * hidden)].ToArray();
        ih.Slice(2 * hidden, 2 * hidden).CopyTo(ih);
        r.CopyTo(ih.Slice(2 * hidden, 2 * hidden));
        var a = Numbers(c.GetProperty("a"));
        var sequence = new BitSequence(a.Length);
        sequence.SetLength(a.Length);
        for (var t = 0; t < a.Length; t++)
        {
            (sequence.A[t], sequence.B[t]) = ((byte)a[t], (byte)Numbers(c.GetProperty("b"))[t]);
        }
        var run = net.NewUnrolling(a.Length);
        Rnn.Forward(net, sequence, run);
        var outputs = Numbers(c.GetProperty("outputs"));
        Assert.Contains(Enumerable.Range(0, a.Length), t => Math.Abs(outputs[t] - run.Outputs[t]) > 1e-6);
    }

    private static void Close(double expected, double actual, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-3);
        Assert.True(Math.Abs(expected - actual) <= Tolerance * scale, $"{what}: PyTorch {expected:R}, ours {actual:R}");
    }

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
