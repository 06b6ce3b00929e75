using System.Runtime.Intrinsics;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Tests.Speed;

/// <summary>
/// Every vector width of the GRU, LSTM and tanh kernels against the cells' scalar reference: states, outputs, output
/// deltas, error and every update tensor within <see cref="Tolerance"/> relative, normwise (max |kernel − reference|
/// ≤ Tolerance · max |reference| over the tensor). Not bit for bit: the gates' sigmoid and tanh are within a few ulp
/// of the reference's (GateActivationsTests), the backward sums use fused multiply-adds, and weights of 8/√H over 11
/// steps amplify that a thousandfold. (At 1e-13 only the saturated networks fail: an output of 1e-105 from
/// 1000-sized weights inherits a thousand ulp of its states. The forward sums stay the reference's separate
/// multiplies and adds for that reason: fused, they miss 1e-12 there.)
/// </summary>
public class GatedKernelsTests
{
    private const double Tolerance = 1e-12;

    private delegate void ForwardKernel(RecurrentNetwork net, BitSequence seq, Unrolling run);

    private delegate void BackwardKernel(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update);

    public static TheoryData<string, int, int> CellsHiddenAndLanes()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var cell in new[] { "gru", "lstm", "tanh" })
        {
            foreach (var hidden in new[] { 1, 3, 7, 8, 9, 16, 17, 33 })
            {
                data.Add(cell, hidden, 0);
                foreach (var lanes in new[] { 2, 4, 8 })
                {
                    if (hidden >= lanes)
                    {
                        data.Add(cell, hidden, lanes);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CellsHiddenAndLanes))]
    public void ForwardAndBackwardAgreeWithTheReference(string cellName, int hidden, int lanes)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var (forward, backward) = Kernels(lanes);
        var random = new System.Random((hidden * 31) + lanes);
        foreach (var exp in new[] { ExpKind.NumpyAvx512, ExpKind.Libm })
        {
            // Multiples of PyTorch's initial bound 1/√H, up to well past any trained network's, and 1000, where every
            // gate saturates and numpy's exp leaves its fast path (the kernels then run the reference).
            foreach (var scale in new[] { 0.5 / Math.Sqrt(hidden), 2 / Math.Sqrt(hidden), 8 / Math.Sqrt(hidden), 1000 })
            {
                for (var trial = 0; trial < 3; trial++)
                {
                    var net = new RecurrentNetwork(cell, hidden, trial == 0 ? 0 : random.NextDouble() - 0.5, exp);
                    RandomNetworks.Fill(random, net.Weights, scale);
                    var length = random.Next(1, 12);
                    var seq = RandomNetworks.Sequence(random, length, 12);
                    var expectedRun = net.NewUnrolling(12);
                    var actualRun = net.NewUnrolling(12);
                    var expectedUpdate = net.NewGradient();
                    RandomNetworks.Fill(random, expectedUpdate.Values, trial);
                    var actualUpdate = net.NewGradient();
                    expectedUpdate.Values.CopyTo(actualUpdate.Values, 0);
                    Rnn.Forward(net, seq, expectedRun);
                    forward(net, seq, actualRun);
                    var context = $"{cell} H={hidden} lanes={lanes} exp={exp} scale={scale} trial={trial}";
                    var states = (length + 1) * expectedRun.StateSize;
                    AssertClose(expectedRun.HiddenStates.AsSpan(0, states), actualRun.HiddenStates.AsSpan(0, states), $"{context} states");
                    AssertClose(expectedRun.Outputs.AsSpan(0, length), actualRun.Outputs.AsSpan(0, length), $"{context} outputs");
                    AssertClose(expectedRun.OutputDeltas.AsSpan(0, length), actualRun.OutputDeltas.AsSpan(0, length), $"{context} output deltas");
                    AssertClose([expectedRun.Error], [actualRun.Error], $"{context} error");
                    Assert.Equal(expectedRun.Length, actualRun.Length);
                    // The backward passes start from the same forward pass (the reference's), so each is checked on its own.
                    Rnn.Backward(net, seq, expectedRun, expectedUpdate);
                    backward(net, seq, expectedRun, actualUpdate);
                    foreach (var tensor in net.Table.Tensors)
                    {
                        AssertClose(expectedUpdate.Tensor(tensor.Name), actualUpdate.Tensor(tensor.Name), $"{context} update {tensor.Name}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    [InlineData("tanh")]
    public void EveryWidthGivesTheSameBitsSoRunsAgreeAcrossProcessors(string cellName)
    {
        // Each lane does the same operations in the same order whatever the width, and tanh is lane by lane.
        Assert.True(Cell.TryParse(cellName, out var cell));
        var random = new System.Random(17);
        var net = new RecurrentNetwork(cell, 17, 0, ExpKind.NumpyAvx512);
        RandomNetworks.Fill(random, net.Weights, 0.5);
        var seq = RandomNetworks.Sequence(random, 9, 9);
        double[]? firstStates = null, firstUpdate = null;
        foreach (var lanes in new[] { 2, 4, 8 })
        {
            var (forward, backward) = Kernels(lanes);
            var run = net.NewUnrolling(9);
            var update = net.NewGradient();
            forward(net, seq, run);
            backward(net, seq, run, update);
            firstStates ??= run.HiddenStates;
            firstUpdate ??= update.Values;
            RandomNetworks.AssertBitwiseEqual(firstStates, run.HiddenStates, $"{cell} lanes={lanes} states");
            RandomNetworks.AssertBitwiseEqual(firstUpdate, update.Values, $"{cell} lanes={lanes} update");
        }
    }

    [Fact]
    public void TheKernelsServeThePyTorchCellsAndEveryOtherCellRunsItsReference()
    {
        Assert.True(GatedKernels.Serves(Cell.Gru));
        Assert.True(GatedKernels.Serves(Cell.Lstm));
        Assert.True(GatedKernels.Serves(Cell.Tanh));
        Assert.False(GatedKernels.Serves(Cell.Sigmoid));
        // The tutorial's cell through GatedKernels' public entry is its reference, bit for bit.
        var random = new System.Random(5);
        var net = RandomNetworks.Network(random, 16, 1);
        var seq = RandomNetworks.Sequence(random, 8, 8);
        var (expected, actual) = (net.NewUnrolling(8), net.NewUnrolling(8));
        Rnn.Forward(net, seq, expected);
        GatedKernels.Forward(net, seq, actual);
        RandomNetworks.AssertBitwiseEqual(expected.HiddenStates, actual.HiddenStates, "sigmoid states");
    }

    /// <summary>lanes 0 = the public dispatch (whatever this processor picks); 2, 4, 8 = that width forced.</summary>
    private static (ForwardKernel, BackwardKernel) Kernels(int lanes) => lanes switch
    {
        8 => (Forward<Vector512<double>, Lanes512>, GatedKernels.Backward<Vector512<double>, Lanes512>),
        4 => (Forward<Vector256<double>, Lanes256>, GatedKernels.Backward<Vector256<double>, Lanes256>),
        2 => (Forward<Vector128<double>, Lanes128>, GatedKernels.Backward<Vector128<double>, Lanes128>),
        _ => (CellKernels.Forward, CellKernels.Backward),
    };

    /// <summary>A forced width with the exp the network asks for.</summary>
    private static void Forward<TVector, TLanes>(RecurrentNetwork net, BitSequence seq, Unrolling run)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        if (net.Exp == ExpKind.NumpyAvx512)
        {
            GatedKernels.Forward<TVector, TLanes, NumpyExpKind>(net, seq, run);
        }
        else
        {
            GatedKernels.Forward<TVector, TLanes, LibmExpKind>(net, seq, run);
        }
    }

    internal static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = 0.0;
        foreach (var e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= Tolerance * scale) && !(double.IsNaN(expected[i]) && double.IsNaN(actual[i])) && expected[i] != actual[i])
            {
                Assert.Fail($"{what}[{i}]: reference {expected[i]:R}, kernel {actual[i]:R}, off by {Math.Abs(expected[i] - actual[i]) / scale:E2} of the largest {scale:E2}");
            }
        }
    }
}
