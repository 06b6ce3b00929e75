using System.Runtime.Intrinsics;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Tests.Speed;

/// <summary>Every vector width of the exact kernels against the scalar reference <see cref="Rnn"/>, bit for bit.</summary>
public class ExactKernelsTests
{
    private delegate void ForwardKernel(RecurrentNetwork net, BitSequence seq, Unrolling run);

    private delegate void BackwardKernel(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update);

    private delegate void ApplyKernel(RecurrentNetwork net, Gradient update, double learningRate);

    private delegate void StepKernel(RecurrentNetwork net, BitSequence seq, Unrolling run, double learningRate);

    public static TheoryData<int, int> HiddenAndLanes()
    {
        var data = new TheoryData<int, int>();
        foreach (var hidden in new[] { 1, 3, 8, 16, 17, 32, 64 })
        {
            data.Add(hidden, 0);
            foreach (var lanes in new[] { 2, 4, 8 })
            {
                if (hidden >= lanes)
                {
                    data.Add(hidden, lanes);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HiddenAndLanes))]
    public void ForwardBackwardAndApplyEqualTheReference(int hidden, int lanes)
    {
        var (forward, backward, apply) = Kernels(lanes);
        var random = new System.Random((hidden * 31) + lanes);
        foreach (var exp in new[] { ExpKind.NumpyAvx512, ExpKind.Libm })
        {
            foreach (var scale in new[] { 0.05, 1.0, 8.0, 300.0 })
            {
                for (var trial = 0; trial < 3; trial++)
                {
                    var net = RandomNetworks.Network(random, hidden, scale, exp);
                    var length = random.Next(1, 12);
                    var seq = RandomNetworks.Sequence(random, length, 12);
                    var expectedRun = new Unrolling(hidden, 12);
                    var actualRun = new Unrolling(hidden, 12);
                    Rnn.Forward(net, seq, expectedRun);
                    forward(net, seq, actualRun);
                    var context = $"H={hidden} lanes={lanes} exp={exp} scale={scale}";
                    RandomNetworks.AssertBitwiseEqual(expectedRun.HiddenStates.AsSpan(0, (length + 1) * hidden), actualRun.HiddenStates.AsSpan(0, (length + 1) * hidden), $"{context} states");
                    RandomNetworks.AssertBitwiseEqual(expectedRun.Outputs.AsSpan(0, length), actualRun.Outputs.AsSpan(0, length), $"{context} outputs");
                    RandomNetworks.AssertBitwiseEqual(expectedRun.OutputDeltas.AsSpan(0, length), actualRun.OutputDeltas.AsSpan(0, length), $"{context} output deltas");
                    RandomNetworks.AssertBitwiseEqual([expectedRun.Error], [actualRun.Error], $"{context} error");
                    Assert.Equal(expectedRun.Length, actualRun.Length);

                    // Start from a non-zero update: the kernels must add into it, in the reference's order.
                    var expected = new Gradient(hidden);
                    RandomNetworks.Fill(random, expected.Input, 0.01);
                    RandomNetworks.Fill(random, expected.Recurrent, 0.01);
                    RandomNetworks.Fill(random, expected.Output, 0.01);
                    var actual = new Gradient(hidden);
                    expected.Values.CopyTo(actual.Values, 0);
                    Rnn.Backward(net, seq, expectedRun, expected);
                    backward(net, seq, actualRun, actual);
                    RandomNetworks.AssertBitwiseEqual(expected.Input, actual.Input, $"{context} input update");
                    RandomNetworks.AssertBitwiseEqual(expected.Recurrent, actual.Recurrent, $"{context} recurrent update");
                    RandomNetworks.AssertBitwiseEqual(expected.Output, actual.Output, $"{context} output update");

                    var learningRate = random.NextDouble() * 2;
                    var expectedNet = net.Clone();
                    Rnn.Apply(expectedNet, expected, learningRate);
                    apply(net, expected, learningRate);
                    RandomNetworks.AssertBitwiseEqual(expectedNet.Input, net.Input, $"{context} input weights");
                    RandomNetworks.AssertBitwiseEqual(expectedNet.Recurrent, net.Recurrent, $"{context} recurrent weights");
                    RandomNetworks.AssertBitwiseEqual(expectedNet.Output, net.Output, $"{context} output weights");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(HiddenAndLanes))]
    public void TrainingRunsStayIdenticalOverManyUpdates(int hidden, int lanes)
    {
        var (forward, backward, apply) = Kernels(lanes);
        var random = new System.Random(hidden + (lanes * 1000));
        var reference = RandomNetworks.Network(random, hidden, 0.5);
        var optimised = reference.Clone();
        var referenceRun = new Unrolling(hidden, 9);
        var optimisedRun = new Unrolling(hidden, 9);
        var referenceUpdate = new Gradient(hidden);
        var optimisedUpdate = new Gradient(hidden);
        var fused = reference.Clone();
        var fusedRun = new Unrolling(hidden, 9);
        var step = Step(lanes);
        for (var update = 0; update < 200; update++)
        {
            var seq = RandomNetworks.Sequence(random, 1 + random.Next(9), 9);
            Rnn.Forward(reference, seq, referenceRun);
            Rnn.Backward(reference, seq, referenceRun, referenceUpdate);
            Rnn.Apply(reference, referenceUpdate, 0.9);
            referenceUpdate.Clear();
            forward(optimised, seq, optimisedRun);
            backward(optimised, seq, optimisedRun, optimisedUpdate);
            apply(optimised, optimisedUpdate, 0.9);
            optimisedUpdate.Clear();
            step(fused, seq, fusedRun, 0.9);
            Assert.Equal(BitConverter.DoubleToInt64Bits(referenceRun.Error), BitConverter.DoubleToInt64Bits(optimisedRun.Error));
            Assert.Equal(BitConverter.DoubleToInt64Bits(referenceRun.Error), BitConverter.DoubleToInt64Bits(fusedRun.Error));
        }
        foreach (var (name, net) in new[] { ("separate", optimised), ("fused", fused) })
        {
            RandomNetworks.AssertBitwiseEqual(reference.Input, net.Input, $"{name} input");
            RandomNetworks.AssertBitwiseEqual(reference.Recurrent, net.Recurrent, $"{name} recurrent");
            RandomNetworks.AssertBitwiseEqual(reference.Output, net.Output, $"{name} output");
        }
    }

    [Fact]
    public void ShapeMismatchesAreRefused()
    {
        var net = new RecurrentNetwork(16);
        var seq = new BitSequence(8);
        seq.SetLength(8);
        Assert.Throws<ArgumentException>(() => ExactKernels.Forward(net, seq, new Unrolling(8, 8)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactKernels.Forward(net, seq, new Unrolling(16, 4)));
        Assert.Throws<ArgumentException>(() => ExactKernels.Backward(net, seq, new Unrolling(16, 8), new Gradient(8)));
        Assert.Throws<ArgumentException>(() => ExactKernels.Apply(net, new Gradient(15), 0.9));
    }

    /// <summary>lanes 0 = the public dispatch (whatever this processor picks); 2, 4, 8 = that width forced.</summary>
    private static (ForwardKernel, BackwardKernel, ApplyKernel) Kernels(int lanes) => lanes switch
    {
        8 => (Forward<Vector512<double>, Lanes512>, ExactKernels.Backward<Vector512<double>, Lanes512>, ExactKernels.Apply<Vector512<double>, Lanes512>),
        4 => (Forward<Vector256<double>, Lanes256>, ExactKernels.Backward<Vector256<double>, Lanes256>, ExactKernels.Apply<Vector256<double>, Lanes256>),
        2 => (Forward<Vector128<double>, Lanes128>, ExactKernels.Backward<Vector128<double>, Lanes128>, ExactKernels.Apply<Vector128<double>, Lanes128>),
        _ => (ExactKernels.Forward, ExactKernels.Backward, ExactKernels.Apply),
    };

    private static StepKernel Step(int lanes) => lanes switch
    {
        8 => ExactKernels.TrainStep<Vector512<double>, Lanes512, NumpyExpKind>,
        4 => ExactKernels.TrainStep<Vector256<double>, Lanes256, NumpyExpKind>,
        2 => ExactKernels.TrainStep<Vector128<double>, Lanes128, NumpyExpKind>,
        _ => ExactKernels.TrainStep,
    };

    /// <summary>A forced width with the exp the network asks for.</summary>
    private static void Forward<TVector, TLanes>(RecurrentNetwork net, BitSequence seq, Unrolling run)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        if (net.Exp == ExpKind.NumpyAvx512)
        {
            ExactKernels.Forward<TVector, TLanes, NumpyExpKind>(net, seq, run);
        }
        else
        {
            ExactKernels.Forward<TVector, TLanes, LibmExpKind>(net, seq, run);
        }
    }

    [Fact]
    public void EveryWidthsBlockTransposeMovesEachElementAsTheScalarOneDoes()
    {
        var random = new System.Random(3);
        // A 9×11 source (strides that are not the block size) and targets that start filled, to catch stray writes.
        var source = new double[9 * 11];
        RandomNetworks.Fill(random, source, 1);
        var expected = new double[11 * 9];
        RandomNetworks.Fill(random, expected, 1);
        var actual = (double[])expected.Clone();
        ScalarTranspose.Block(in source[12], 11, ref expected[10], 9, 8);
        Lanes512.TransposeBlock(in source[12], 11, ref actual[10], 9);
        RandomNetworks.AssertBitwiseEqual(expected, actual, "8 lanes");
        foreach (var size in new[] { 4, 2 })
        {
            ScalarTranspose.Block(in source[24], 11, ref expected[2], 9, size);
            if (size == 4)
            {
                Lanes256.TransposeBlock(in source[24], 11, ref actual[2], 9);
            }
            else
            {
                Lanes128.TransposeBlock(in source[24], 11, ref actual[2], 9);
            }
            RandomNetworks.AssertBitwiseEqual(expected, actual, $"{size} lanes");
        }
    }
}
