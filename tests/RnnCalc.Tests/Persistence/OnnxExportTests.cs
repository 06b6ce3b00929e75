using Microsoft.ML.OnnxRuntime;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Persistence;
using RnnCalc.Tests.Cli;
using RnnCalc.Training;

namespace RnnCalc.Tests.Persistence;

/// <summary>
/// <c>export --to FILE.onnx</c>, run by ONNX Runtime: the same bits as ours on every 8-bit pair, the same
/// probabilities to float32 accuracy, at any sequence length. A wrong activation name (which the runtime may turn
/// into Tanh), a gate block out of ONNX's order or a bias in the wrong half would each change the bits.
/// </summary>
public sealed class OnnxExportTests : IDisposable
{
    /// <summary>float32 weights and arithmetic against our float64: measured up to 4e-7 over 8 and 20 steps.</summary>
    private const double Tolerance = 1e-6;

    /// <summary>Networks that compute 8-bit subtraction (each cell's defaults solve it for seed 0 by 2,000 updates), so few probabilities lie near ½.</summary>
    private static readonly Lazy<Dictionary<string, TrainedModel>> Trained = new(() => Cell.All.ToDictionary(
        c => c.Name,
        c => c == Cell.Sigmoid ? DefaultModels.Subtract : new Trainer(TrainingConfig.For(c) with { Iterations = 2_000 }).Run()));

    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Cells() => [.. Cell.Names];

    [Theory]
    [MemberData(nameof(Cells))]
    public void OnnxRuntimeEmitsOurBitsOnEvery8BitPair(string cellName)
    {
        var model = Trained.Value[cellName];
        const int steps = 8, pairs = 256 * 256;
        var bits = new float[steps * pairs * 2];
        for (var n = 0; n < pairs; n++)
        {
            for (var t = 0; t < steps; t++)
            {
                bits[(((t * pairs) + n) * 2) + 0] = (n >> 8 >> t) & 1;
                bits[(((t * pairs) + n) * 2) + 1] = (n >> t) & 1;
            }
        }
        var theirs = Run(NetworkExport.Onnx(model), bits, steps, pairs);

        var ours = OurProbabilities(model.Network, steps);
        int differentBits = 0, emittedOnes = 0;
        var worst = 0.0;
        for (var n = 0; n < pairs; n++)
        {
            var prefix = 0;
            for (var t = 0; t < steps; t++)
            {
                prefix += (((n >> 8 >> t) & 1) | (((n >> t) & 1) << 1)) << (2 * t);
                var p = theirs[(t * pairs) + n];
                var bit = ours[t][prefix] > 0.5 ? 1 : 0;
                differentBits += (p > 0.5f ? 1 : 0) != bit ? 1 : 0;
                emittedOnes += bit;
                worst = Math.Max(worst, Math.Abs(p - ours[t][prefix]));
            }
        }
        Assert.True(emittedOnes > pairs, "a network that emits (almost) no ones proves nothing");
        Assert.Equal(0, differentBits);
        Assert.True(worst <= Tolerance, $"probabilities differ by up to {worst:G3}, more than {Tolerance:G1}");
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void AnyLengthAndTheModelsOwnInitialHiddenCarryOver(string cellName)
    {
        Assert.True(Cell.TryParse(cellName, out var cell));
        var model = new Trainer(TrainingConfig.For(cell) with { Hidden = 5, Iterations = 100, InitialHidden = 0.375, Seed = 4 }).Run();
        const int steps = 20, batch = 3;
        var random = new System.Random(7);
        var sequences = Enumerable.Range(0, batch).Select(_ => new BitSequence(steps)).ToArray();
        var bits = new float[steps * batch * 2];
        for (var n = 0; n < batch; n++)
        {
            sequences[n].SetLength(steps);
            for (var t = 0; t < steps; t++)
            {
                sequences[n].A[t] = (byte)random.Next(2);
                sequences[n].B[t] = (byte)random.Next(2);
                bits[((t * batch) + n) * 2] = sequences[n].A[t];
                bits[(((t * batch) + n) * 2) + 1] = sequences[n].B[t];
            }
        }
        var theirs = Run(NetworkExport.Onnx(model), bits, steps, batch);
        var run = model.Network.NewUnrolling(steps);
        var atZero = model.Network.Clone();
        for (var n = 0; n < batch; n++)
        {
            cell.Forward(model.Network, sequences[n], run);
            for (var t = 0; t < steps; t++)
            {
                Assert.True(Math.Abs(theirs[(t * batch) + n] - run.Outputs[t]) <= Tolerance, $"sequence {n}, step {t}: ONNX {theirs[(t * batch) + n]}, ours {run.Outputs[t]}");
            }
        }
        // h0 = 0.375 is in the file: the same network started at 0 gives another first probability.
        var fromZero = new RecurrentNetwork(cell, 5, 0, model.Network.Exp);
        model.Network.CopyWeightsTo(fromZero);
        cell.Forward(fromZero, sequences[0], run);
        Assert.True(Math.Abs(theirs[0] - run.Outputs[0]) > 10 * Tolerance, "h0 made no difference: the test cannot tell");
    }

    [Fact]
    public void ExportWritesAnOnnxFileWithDynamicStepsAndBatch()
    {
        var json = _dir.File("gru.json");
        var onnx = _dir.File("gru.onnx");
        Assert.Equal(0, CliRun.Of("train", "--cell", "gru", "--hidden", "4", "--iterations", "20", "--save", json).ExitCode);
        var run = CliRun.Of("export", "--model", json, "--to", onnx);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"Wrote {onnx}: the gru network (4 hidden units) that subtracts.", run.Output, StringComparison.Ordinal);
        using var session = new InferenceSession(onnx);
        var input = Assert.Single(session.InputMetadata);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("bits", input.Key);
        Assert.Equal([-1, -1, 2], input.Value.Dimensions);
        Assert.Equal("probability", output.Key);
        Assert.Equal([-1, -1], output.Value.Dimensions);
        Assert.Equal("subtract", session.ModelMetadata.CustomMetadataMap["rnncalc.operation"]);
    }

    /// <summary>
    /// Our p(1) after step t for every prefix of t + 1 input digits (a_s + 2·b_s, digit s weighing 4^s), by the cell's
    /// own reference step: pairs that share their low bits share their states, so 4 + 16 + … + 4^8 steps, not 8·65,536.
    /// </summary>
    private static double[][] OurProbabilities(RecurrentNetwork net, int steps)
    {
        var cell = net.Cell;
        var size = cell.StateSize(net.Hidden);
        var cache = new double[cell.CacheSize(net.Hidden)];
        var states = new double[size];
        Cell.InitialState(net, states);
        var outputs = new double[steps][];
        for (var t = 0; t < steps; t++)
        {
            var count = 1 << (2 * t);
            var next = new double[4 * count * size];
            outputs[t] = new double[4 * count];
            for (var prefix = 0; prefix < count; prefix++)
            {
                for (var digit = 0; digit < 4; digit++)
                {
                    var q = prefix + (digit * count);
                    outputs[t][q] = cell.StepForward(net, digit & 1, digit >> 1, states.AsSpan(prefix * size, size), next.AsSpan(q * size, size), cache);
                }
            }
            states = next;
        }
        return outputs;
    }

    /// <summary>One Run of the model on bits [steps, batch, 2]; the probabilities [steps, batch].</summary>
    private static float[] Run(byte[] onnx, float[] bits, int steps, int batch)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        using var input = OrtValue.CreateTensorValueFromMemory(bits, [steps, batch, 2]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new Dictionary<string, OrtValue> { ["bits"] = input }, ["probability"]);
        Assert.Equal([steps, batch], outputs[0].GetTensorTypeAndShape().Shape);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _dir.Dispose();
}
