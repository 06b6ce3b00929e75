using System.Numerics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;
using RnnCalc.Random;

namespace RnnCalc.Evaluation;

/// <summary>
/// Length generalisation: random operand pairs far wider than the training width, each done the calculator's
/// way (two's complement, W+1 steps), counted right only when every bit is.
/// </summary>
internal static class LengthGeneralization
{
    public static IReadOnlyList<int> DefaultWidths { get; } = [16, 32, 64, 128, 1024];

    /// <summary>Operands are drawn uniformly from [0, 2^bits) with numpy's generator, so a seed fixes the set.</summary>
    public static IReadOnlyList<GeneralizationResult> Measure(RecurrentNetwork network, Operation operation, IReadOnlyList<int> widths, int samples, uint seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(widths);
        var random = new NumpyRandom(seed);
        var results = new List<GeneralizationResult>(widths.Count);
        foreach (var bits in widths)
        {
            var pairs = new (BigInteger A, BigInteger B)[samples];
            for (var i = 0; i < samples; i++)
            {
                pairs[i] = (Draw(random, bits), Draw(random, bits));
            }
            var correct = 0;
            Parallel.For(
                0,
                samples,
                () => (Sequence: new BitSequence(bits + 2), Run: network.NewUnrolling(bits + 2), Correct: 0),
                (i, _, local) =>
                {
                    if (IsCorrect(network, operation, pairs[i].A, pairs[i].B, local.Sequence, local.Run))
                    {
                        local.Correct++;
                    }
                    return local;
                },
                local => Interlocked.Add(ref correct, local.Correct));
            results.Add(new GeneralizationResult(bits, samples, correct));
        }
        return results;
    }

    /// <summary>Runs one problem and compares every emitted bit with the exact result's.</summary>
    internal static bool IsCorrect(RecurrentNetwork network, Operation operation, BigInteger a, BigInteger b, BitSequence sequence, Unrolling run)
    {
        var steps = Math.Max(TwosComplement.Width(a), TwosComplement.Width(b)) + 1;
        sequence.SetLength(steps);
        TwosComplement.Encode(a, sequence.A.AsSpan(0, steps));
        TwosComplement.Encode(b, sequence.B.AsSpan(0, steps));
        TwosComplement.Encode(operation.Exact(a, b), sequence.Target.AsSpan(0, steps));
        ExactKernels.Forward(network, sequence, run);
        for (var t = 0; t < steps; t++)
        {
            if (run.EmittedBit(t) != sequence.Target[t])
            {
                return false;
            }
        }
        return true;
    }

    internal static BigInteger Draw(NumpyRandom random, int bits)
    {
        var bytes = new byte[(bits + 7) / 8 + 1];
        for (var i = 0; i < bytes.Length - 1; i += 4)
        {
            var word = random.NextUInt32();
            for (var k = 0; k < 4 && i + k < bytes.Length - 1; k++)
            {
                bytes[i + k] = (byte)(word >> (8 * k));
            }
        }
        var value = new BigInteger(bytes, isUnsigned: true);
        return value & ((BigInteger.One << bits) - 1);
    }
}
