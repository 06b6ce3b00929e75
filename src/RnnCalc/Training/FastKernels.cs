using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Training;

/// <summary>
/// One SGD update of the fast mode: the tutorial's forward and backward passes in single precision, sums split
/// four ways and fused (so the chains between steps are a quarter as long), the sigmoid from
/// <see cref="FloatSigmoid"/>, and the update applied as it is summed. Same algorithm and data as the exact
/// trainer, different rounding: see <see cref="FastUpdate"/> for how far apart they end up.
/// </summary>
internal static class FastKernels
{
    /// <summary>Runs one update on a sequence of steps bits (a, b, target), least-significant first; returns Σ|y − out|.</summary>
    public static float Step<TVector, TLanes>(FastWeights weights, FastBuffers buffers, int steps, float learningRate)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        Forward<TVector, TLanes>(weights, buffers, steps);
        var error = OutputDeltas(buffers.Outputs, buffers.Target, buffers.OutputDeltas, steps);
        Backward<TVector, TLanes>(weights, buffers, steps, learningRate);
        return error;
    }

    /// <summary>layer_2_error = y − p and layer_2_delta = error·p·(1 − p) per step (both fast steps); returns Σ|y − p|.</summary>
    public static float OutputDeltas(float[] outputs, float[] target, float[] deltas, int steps)
    {
        var error = 0f;
        for (var t = 0; t < steps; t++)
        {
            var output = outputs[t];
            var outputError = target[t] - output;
            deltas[t] = outputError * output * (1 - output);
            error += MathF.Abs(outputError);
        }
        return error;
    }

    private static void Forward<TVector, TLanes>(FastWeights weights, FastBuffers buffers, int steps)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var h = weights.Hidden;
        var hp = weights.Padded;
        var width = TLanes.Count;
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(weights.Input);
        ref var wh = ref MemoryMarshal.GetArrayDataReference(weights.Recurrent);
        ref var w1 = ref MemoryMarshal.GetArrayDataReference(weights.Output);
        ref var prev = ref MemoryMarshal.GetArrayDataReference(buffers.States);
        buffers.States.AsSpan(0, hp).Fill(weights.InitialHidden);
        for (var t = 0; t < steps; t++)
        {
            var x0 = TLanes.Create(buffers.A[t]);
            var x1 = TLanes.Create(buffers.B[t]);
            ref var cur = ref Unsafe.Add(ref prev, hp);
            var dot = 0f;
            for (var j = 0; j < hp; j += width)
            {
                // The input's share starts one of the partial sums, off the chain that waits for the previous state.
                var fromInput = TLanes.MultiplyAdd(x1, TLanes.Load(in Unsafe.Add(ref w0, hp + j)), TLanes.Multiply(x0, TLanes.Load(in Unsafe.Add(ref w0, j))));
                var state = TLanes.Sigmoid(MatrixSum<TVector, TLanes>(ref prev, ref Unsafe.Add(ref wh, j), h, hp, fromInput));
                TLanes.Store(state, ref Unsafe.Add(ref cur, j));
                dot += TLanes.Sum(TLanes.Multiply(state, TLanes.Load(in Unsafe.Add(ref w1, j))));
            }
            buffers.Outputs[t] = dot;
            prev = ref cur;
        }
        for (var t = 0; t < steps; t++)
        {
            buffers.Outputs[t] = FloatSigmoid.Of(buffers.Outputs[t]);
        }
    }

    private static void Backward<TVector, TLanes>(FastWeights weights, FastBuffers buffers, int steps, float learningRate)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var h = weights.Hidden;
        var hp = weights.Padded;
        var width = TLanes.Count;
        ref var whT = ref MemoryMarshal.GetArrayDataReference(weights.RecurrentTransposed);
        ref var wh = ref MemoryMarshal.GetArrayDataReference(weights.Recurrent);
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(weights.Input);
        ref var w1 = ref MemoryMarshal.GetArrayDataReference(weights.Output);
        ref var mask = ref MemoryMarshal.GetArrayDataReference(weights.UnitMask);
        ref var state = ref MemoryMarshal.GetArrayDataReference(buffers.States);
        ref var deltas = ref MemoryMarshal.GetArrayDataReference(buffers.Deltas);
        buffers.Deltas.AsSpan(steps * hp, hp).Clear();
        var one = TLanes.Create(1);
        // layer_1_delta = (future · Whᵀ + layer_2_delta · W1ᵀ) · s · (1 − s), newest step first  (H); padding stays 0.
        for (var t = steps - 1; t >= 0; t--)
        {
            ref var cur = ref Unsafe.Add(ref state, (t + 1) * hp);
            ref var delta = ref Unsafe.Add(ref deltas, t * hp);
            ref var future = ref Unsafe.Add(ref delta, hp);
            var outputDelta = TLanes.Create(buffers.OutputDeltas[t]);
            for (var i = 0; i < hp; i += width)
            {
                var fromOutput = TLanes.Multiply(outputDelta, TLanes.Load(in Unsafe.Add(ref w1, i)));
                var sum = MatrixSum<TVector, TLanes>(ref future, ref Unsafe.Add(ref whT, i), h, hp, fromOutput);
                var s = TLanes.Load(in Unsafe.Add(ref cur, i));
                TLanes.Store(TLanes.Multiply(sum, TLanes.Multiply(s, TLanes.Subtract(one, s))), ref Unsafe.Add(ref delta, i));
            }
        }
        var rate = TLanes.Create(learningRate);
        ref var bits = ref MemoryMarshal.GetArrayDataReference(buffers.InputBits);
        for (var j = 0; j < hp; j += width)
        {
            // W1 += α · Σ_t layer_1 · layer_2_delta, masked so padding keeps a zero output weight.
            var sumOut = TLanes.Create(0);
            var sumA = TLanes.Create(0);
            var sumB = TLanes.Create(0);
            for (var t = steps - 1; t >= 0; t--)
            {
                var delta = TLanes.Load(in Unsafe.Add(ref deltas, (t * hp) + j));
                sumOut = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref state, ((t + 1) * hp) + j)), TLanes.Create(buffers.OutputDeltas[t]), sumOut);
                sumA = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref bits, t)), delta, sumA);
                sumB = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref bits, steps + t)), delta, sumB);
            }
            ref var output = ref Unsafe.Add(ref w1, j);
            TLanes.Store(TLanes.MultiplyAdd(TLanes.Multiply(sumOut, TLanes.Load(in Unsafe.Add(ref mask, j))), rate, TLanes.Load(in output)), ref output);
            ref var inputA = ref Unsafe.Add(ref w0, j);
            TLanes.Store(TLanes.MultiplyAdd(sumA, rate, TLanes.Load(in inputA)), ref inputA);
            ref var inputB = ref Unsafe.Add(ref w0, hp + j);
            TLanes.Store(TLanes.MultiplyAdd(sumB, rate, TLanes.Load(in inputB)), ref inputB);
            // Wh[i, j..] += α·Σ_t prev[i]·delta[j..], two steps per pass.
            for (var i = 0; i < h; i++)
            {
                var sum0 = TLanes.Create(0);
                var sum1 = sum0;
                var t = steps - 1;
                ref var prevRow = ref Unsafe.Add(ref state, t * hp);
                ref var deltaRow = ref Unsafe.Add(ref deltas, (t * hp) + j);
                for (; t >= 1; t -= 2)
                {
                    sum0 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref prevRow, i)), TLanes.Load(in deltaRow), sum0);
                    sum1 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref prevRow, i - hp)), TLanes.Load(in Unsafe.Subtract(ref deltaRow, hp)), sum1);
                    prevRow = ref Unsafe.Subtract(ref prevRow, 2 * hp);
                    deltaRow = ref Unsafe.Subtract(ref deltaRow, 2 * hp);
                }
                if (t == 0)
                {
                    sum0 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref prevRow, i)), TLanes.Load(in deltaRow), sum0);
                }
                ref var row = ref Unsafe.Add(ref wh, (i * hp) + j);
                TLanes.Store(TLanes.MultiplyAdd(TLanes.Add(sum0, sum1), rate, TLanes.Load(in row)), ref row);
            }
        }
        // Whᵀ for the next backward pass (padding rows and columns stay zero in both).
        Transpose<TVector, TLanes>(weights.Recurrent, weights.RecurrentTransposed, hp);
    }

    /// <summary>target[k·hp + i] = source[i·hp + k] in whole lanes×lanes blocks (padding is zero on both sides).</summary>
    private static void Transpose<TVector, TLanes>(float[] source, float[] target, int hp)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var width = TLanes.Count;
        for (var i = 0; i < hp; i += width)
        {
            for (var k = 0; k < hp; k += width)
            {
                TLanes.TransposeBlock(ref source[(i * hp) + k], hp, ref target[(k * hp) + i], hp);
            }
        }
    }

    /// <summary>start + Σ_i v[i]·M[i, lanes] for i &lt; n in four interleaved partial sums (M rows hp apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector MatrixSum<TVector, TLanes>(ref float v, ref float m, int n, int hp, TVector start)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var s0 = start;
        var s1 = TLanes.Create(0);
        var s2 = s1;
        var s3 = s1;
        var i = 0;
        for (; i + 3 < n; i += 4)
        {
            ref var row = ref Unsafe.Add(ref m, i * hp);
            s0 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref v, i)), TLanes.Load(in row), s0);
            s1 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref v, i + 1)), TLanes.Load(in Unsafe.Add(ref row, hp)), s1);
            s2 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref v, i + 2)), TLanes.Load(in Unsafe.Add(ref row, 2 * hp)), s2);
            s3 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref v, i + 3)), TLanes.Load(in Unsafe.Add(ref row, 3 * hp)), s3);
        }
        for (; i < n; i++)
        {
            s0 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref v, i)), TLanes.Load(in Unsafe.Add(ref m, i * hp)), s0);
        }
        return TLanes.Add(TLanes.Add(s0, s1), TLanes.Add(s2, s3));
    }
}
