using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnCalc.Network.Cells;

namespace RnnCalc.Network.Kernels;

/// <summary>
/// <see cref="Rnn"/>'s forward, backward and update, vectorised across the hidden units with results identical to
/// it bit for bit: each lane j of a vector is one hidden unit, and its sum runs i = 0..H−1 in the reference's
/// order (broadcast h[i], multiply row i of W, add), with a separate multiply and add. A hidden size that is not
/// a multiple of the width ends with a vector overlapping the one before (a lane does not depend on its
/// neighbours); sizes below the narrowest vector use <see cref="Rnn"/> itself, and so does a forward pass that
/// meets an input beyond numpy's exp fast path (|x| ≥ 707.7, which never happens in sane training).
/// Allocates nothing per call: Whᵀ for the backward pass lives in a per-thread buffer. (A NaN stays a NaN, though
/// not necessarily with the reference's payload bits, as operands of a product may come in the other order.)
/// </summary>
internal static class ExactKernels
{
    /// <summary>Doubles per vector the kernels use for a hidden size on this processor (1 = the scalar reference).</summary>
    public static int LanesFor(int hidden)
    {
        if (Vector512.IsHardwareAccelerated && hidden >= Vector512<double>.Count)
        {
            return Vector512<double>.Count;
        }
        if (Vector256.IsHardwareAccelerated && hidden >= Vector256<double>.Count)
        {
            return Vector256<double>.Count;
        }
        return Vector128.IsHardwareAccelerated && hidden >= Vector128<double>.Count ? Vector128<double>.Count : 1;
    }

    /// <summary>The cells these kernels are written for; every other cell runs its scalar reference step.</summary>
    public static bool Serves(Cell cell) => cell == Cell.Sigmoid;

    /// <summary>Same contract and results as <see cref="Rnn.Forward"/>.</summary>
    public static void Forward(RecurrentNetwork net, BitSequence seq, Unrolling run)
    {
        CheckShapes(net, seq, run);
        if (!Serves(net.Cell) || !WidthDispatch.Forward<Passes>(net, seq, run))
        {
            Rnn.Forward(net, seq, run);
        }
    }

    /// <summary>Same contract and results as <see cref="Rnn.Backward"/>.</summary>
    public static void Backward(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
    {
        CheckShapes(net, seq, run);
        CheckShape(net, update);
        if (!Serves(net.Cell) || !WidthDispatch.Backward<Passes>(net, seq, run, update))
        {
            Rnn.Backward(net, seq, run, update);
        }
    }

    /// <summary>Same contract and results as <see cref="Rnn.Apply"/>: weight += update · learning rate.</summary>
    public static void Apply(RecurrentNetwork net, Gradient update, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(net);
        CheckShape(net, update);
        if (!Serves(net.Cell))
        {
            Rnn.Apply(net, update, learningRate);
            return;
        }
        switch (LanesFor(net.Hidden))
        {
            case 8:
                Apply<Vector512<double>, Lanes512>(net, update, learningRate);
                break;
            case 4:
                Apply<Vector256<double>, Lanes256>(net, update, learningRate);
                break;
            case 2:
                Apply<Vector128<double>, Lanes128>(net, update, learningRate);
                break;
            default:
                Rnn.Apply(net, update, learningRate);
                break;
        }
    }

    /// <summary>
    /// One update of the tutorial's SGD, fused: <see cref="Forward"/>, <see cref="Backward"/> into a cleared update,
    /// then <see cref="Apply"/>, with the update kept in registers (never stored, never cleared). The weights, the
    /// unrolling (states, outputs, output deltas, error) come out bit for bit as from those three calls.
    /// </summary>
    public static void TrainStep(RecurrentNetwork net, BitSequence seq, Unrolling run, double learningRate)
    {
        CheckShapes(net, seq, run);
        var numpy = net.Exp == ExpKind.NumpyAvx512;
        switch (Serves(net.Cell) ? LanesFor(net.Hidden) : 1)
        {
            case 8 when numpy:
                TrainStep<Vector512<double>, Lanes512, NumpyExpKind>(net, seq, run, learningRate);
                break;
            case 8:
                TrainStep<Vector512<double>, Lanes512, LibmExpKind>(net, seq, run, learningRate);
                break;
            case 4 when numpy:
                TrainStep<Vector256<double>, Lanes256, NumpyExpKind>(net, seq, run, learningRate);
                break;
            case 4:
                TrainStep<Vector256<double>, Lanes256, LibmExpKind>(net, seq, run, learningRate);
                break;
            case 2 when numpy:
                TrainStep<Vector128<double>, Lanes128, NumpyExpKind>(net, seq, run, learningRate);
                break;
            case 2:
                TrainStep<Vector128<double>, Lanes128, LibmExpKind>(net, seq, run, learningRate);
                break;
            default:
                var update = KernelScratch.Current.ClearedUpdate(net);
                Rnn.Forward(net, seq, run);
                Rnn.Backward(net, seq, run, update);
                Rnn.Apply(net, update, learningRate);
                break;
        }
    }

    /// <summary>The forward pass at one width and exp; needs Hidden ≥ lanes.</summary>
    internal static void Forward<TVector, TLanes, TExp>(RecurrentNetwork net, BitSequence seq, Unrolling run)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        var h = net.Hidden;
        var width = TLanes.Count;
        var blocks = (h + width - 1) / width;
        var lastBlock = h - width;
        var steps = seq.Length;
        var states = run.HiddenStates;
        Array.Fill(states, net.InitialHidden, 0, h);
        ref var w0 = ref MemoryMarshal.GetReference(net.Input);
        ref var wh = ref MemoryMarshal.GetReference(net.Recurrent);
        ref var w1 = ref MemoryMarshal.GetReference(net.Output);
        ref var prev = ref MemoryMarshal.GetArrayDataReference(states);
        var valid = TLanes.AllBitsSet;
        if (blocks == 2 && TLanes.BroadcastsInRegisters)
        {
            ForwardTwoBlocks<TVector, TLanes, TExp>(net, seq, ref prev, ref valid);
        }
        else
        {
            for (var t = 0; t < steps; t++)
            {
                var x0 = TLanes.Create(seq.A[t]);
                var x1 = TLanes.Create(seq.B[t]);
                ref var cur = ref Unsafe.Add(ref prev, h);
                // layer_1 = sigmoid(np.dot(X, weight_0) + np.dot(layer_1_values[-1], weight_h))     (H), lanes = units j,
                // two vectors at a time so the two sums' latencies overlap.
                var block = 0;
                if ((blocks & 1) != 0)
                {
                    var z = TLanes.Add(FromInput<TVector, TLanes>(ref w0, h, 0, x0, x1), Sum<TVector, TLanes>(ref prev, ref wh, h, 0));
                    TLanes.Store(Sigmoid<TVector, TLanes, TExp>(z, ref valid), ref cur);
                    block = 1;
                }
                for (; block < blocks; block += 2)
                {
                    var j0 = block * width;
                    var j1 = Math.Min(j0 + width, lastBlock);
                    Sums<TVector, TLanes>(ref prev, ref wh, h, j0, j1, out var sum0, out var sum1);
                    var z0 = TLanes.Add(FromInput<TVector, TLanes>(ref w0, h, j0, x0, x1), sum0);
                    var z1 = TLanes.Add(FromInput<TVector, TLanes>(ref w0, h, j1, x0, x1), sum1);
                    TLanes.Store(Sigmoid<TVector, TLanes, TExp>(z0, ref valid), ref Unsafe.Add(ref cur, j0));
                    TLanes.Store(Sigmoid<TVector, TLanes, TExp>(z1, ref valid), ref Unsafe.Add(ref cur, j1));
                }
                prev = ref cur;
            }
        }
        // layer_2 = sigmoid(np.dot(layer_1, weight_1)) for every step after the recurrence, lanes = steps: the sum over
        // units stays in unit order per lane, and none of it waits on (or delays) the chain of hidden states.  (T)
        var outputs = run.Outputs;
        if (steps >= width)
        {
            var columns = KernelScratch.Current.StepColumns(h * width);
            ref var column = ref MemoryMarshal.GetArrayDataReference(columns);
            for (var block = 0; block < steps; block += width)
            {
                var t = Math.Min(block, steps - width);
                ref var first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(states), (t + 1) * h);
                for (var unitBlock = 0; unitBlock < h; unitBlock += width)
                {
                    var j = Math.Min(unitBlock, lastBlock);
                    TLanes.TransposeBlock(in Unsafe.Add(ref first, j), h, ref Unsafe.Add(ref column, j * width), width);
                }
                var dot = TLanes.Multiply(TLanes.Load(in column), TLanes.Create(w1));
                for (var j = 1; j < h; j++)
                {
                    dot = TLanes.Add(dot, TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref column, j * width)), TLanes.Create(Unsafe.Add(ref w1, j))));
                }
                TLanes.Store(Sigmoid<TVector, TLanes, TExp>(dot, ref valid), ref outputs[t]);
            }
        }
        else
        {
            // Fewer steps than lanes: the dot products one by one, the sigmoids as narrow vectors.
            ref var state = ref MemoryMarshal.GetArrayDataReference(states);
            for (var t = 0; t < steps; t++)
            {
                ref var cur = ref Unsafe.Add(ref state, (t + 1) * h);
                var dot = cur * w1;
                for (var j = 1; j < h; j++)
                {
                    dot += Unsafe.Add(ref cur, j) * Unsafe.Add(ref w1, j);
                }
                outputs[t] = dot;
            }
            OutputSigmoids<TVector, TLanes, TExp>(outputs.AsSpan(0, steps), ref valid);
        }
        Score<TVector, TLanes, TExp>(net, seq, run, valid);
    }

    /// <summary>outputs[t] = σ(outputs[t]) with the kernel's exp; a value off numpy's fast path clears <paramref name="valid"/>.</summary>
    internal static void OutputSigmoids<TVector, TLanes, TExp>(Span<double> outputs, ref TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        if (TExp.Kind != ExpKind.NumpyAvx512)
        {
            foreach (ref var output in outputs)
            {
                output = Rnn.Sigmoid(output, ExpKind.Libm);
            }
        }
        else if (!VectorNumpyExp.TrySigmoidInPlace(outputs))
        {
            valid = default;
        }
    }

    /// <summary>The end of a forward pass: the output deltas and error, or, if a lane was not valid, the whole pass again by the reference.</summary>
    internal static void Score<TVector, TLanes, TExp>(RecurrentNetwork net, BitSequence seq, Unrolling run, TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        if (TExp.Kind == ExpKind.NumpyAvx512 && !TLanes.IsAllBitsSet(valid))
        {
            Rnn.Forward(net, seq, run);
            return;
        }
        run.Score(seq, seq.Length);
    }

    /// <summary>
    /// The recurrence for H in (lanes, 2·lanes], the tutorial's 16 among them: the state lives in two registers
    /// (units [0, lanes) and [H − lanes, H)), and h[i] is broadcast by a register shuffle rather than reloaded
    /// from the store just made, a few cycles off the longest chain of every step. Same arithmetic as the loop.
    /// </summary>
    private static void ForwardTwoBlocks<TVector, TLanes, TExp>(RecurrentNetwork net, BitSequence seq, ref double states, ref TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        var h = net.Hidden;
        var second = h - TLanes.Count;
        ref var w0 = ref MemoryMarshal.GetReference(net.Input);
        ref var wh = ref MemoryMarshal.GetReference(net.Recurrent);
        var h0 = TLanes.Create(net.InitialHidden);
        var h1 = h0;
        ref var cur = ref states;
        for (var t = 0; t < seq.Length; t++)
        {
            var x0 = TLanes.Create(seq.A[t]);
            var x1 = TLanes.Create(seq.B[t]);
            cur = ref Unsafe.Add(ref cur, h);
            var (sum0, sum1) = TwoBlockProduct<TVector, TLanes>(h0, h1, ref wh, h);
            h0 = Sigmoid<TVector, TLanes, TExp>(TLanes.Add(FromInput<TVector, TLanes>(ref w0, h, 0, x0, x1), sum0), ref valid);
            h1 = Sigmoid<TVector, TLanes, TExp>(TLanes.Add(FromInput<TVector, TLanes>(ref w0, h, second, x0, x1), sum1), ref valid);
            TLanes.Store(h0, ref cur);
            TLanes.Store(h1, ref Unsafe.Add(ref cur, second));
        }
    }

    /// <summary>Backpropagation through time at one width; needs Hidden ≥ lanes.</summary>
    internal static void Backward<TVector, TLanes>(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var scratch = KernelScratch.Current;
        var transposed = scratch.Transposed(net.Hidden * net.Hidden);
        Transpose<TVector, TLanes>(net.Recurrent, transposed, net.Hidden);
        HiddenDeltas<TVector, TLanes>(net, run, scratch, transposed);
        Gradients<TVector, TLanes>(net, seq, run, scratch, update, 0);
    }

    /// <summary>One SGD update at one width: forward, backward and weight += update · rate with the update never stored.</summary>
    internal static void TrainStep<TVector, TLanes, TExp>(RecurrentNetwork net, BitSequence seq, Unrolling run, double learningRate)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        var scratch = KernelScratch.Current;
        // Whᵀ needs only the weights: made first, where the forward pass's chain of latencies leaves room for it.
        var transposed = scratch.Transposed(net.Hidden * net.Hidden);
        Transpose<TVector, TLanes>(net.Recurrent, transposed, net.Hidden);
        Forward<TVector, TLanes, TExp>(net, seq, run);
        HiddenDeltas<TVector, TLanes>(net, run, scratch, transposed);
        Gradients<TVector, TLanes>(net, seq, run, scratch, null, learningRate);
    }

    /// <summary>
    /// The chain of hidden deltas, newest step first, each step's kept in the scratch rows:
    /// layer_1_delta = (future_delta · Whᵀ + layer_2_delta · W1ᵀ) · layer_1 · (1 − layer_1)     (H), lanes = units i.
    /// </summary>
    private static void HiddenDeltas<TVector, TLanes>(RecurrentNetwork net, Unrolling run, KernelScratch scratch, double[] transposed)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = net.Hidden;
        var width = TLanes.Count;
        var blocks = (h + width - 1) / width;
        var lastBlock = h - width;
        var steps = run.Length;
        // Lanes are units i, whose sum runs over k along row i of Wh: a column of Whᵀ.
        ref var whT = ref MemoryMarshal.GetArrayDataReference(transposed);
        ref var w1 = ref MemoryMarshal.GetReference(net.Output);
        ref var state = ref MemoryMarshal.GetArrayDataReference(run.HiddenStates);
        // ((T+1)×H): row t = layer_1_delta of step t, row T = 0 (the future_layer_1_delta of the last step).
        var deltaRows = scratch.Deltas((steps + 1) * h);
        Array.Clear(deltaRows, steps * h, h);
        ref var deltas = ref MemoryMarshal.GetArrayDataReference(deltaRows);
        var one = TLanes.Create(1);
        if (blocks == 2 && TLanes.BroadcastsInRegisters)
        {
            HiddenDeltasTwoBlocks<TVector, TLanes>(h, run, ref whT, ref w1, ref state, ref deltas, one);
            return;
        }
        for (var t = steps - 1; t >= 0; t--)
        {
            ref var cur = ref Unsafe.Add(ref state, (t + 1) * h);
            ref var delta = ref Unsafe.Add(ref deltas, t * h);
            ref var future = ref Unsafe.Add(ref delta, h);
            var outputDelta = TLanes.Create(run.OutputDeltas[t]);
            if (t == steps - 1 && LastStepDeltas<TVector, TLanes>(outputDelta, ref w1, ref cur, ref delta, h, one))
            {
                continue;
            }
            var block = 0;
            if ((blocks & 1) != 0)
            {
                var back = Sum<TVector, TLanes>(ref future, ref whT, h, 0);
                TLanes.Store(HiddenDelta<TVector, TLanes>(back, outputDelta, ref w1, ref cur, 0, one), ref delta);
                block = 1;
            }
            for (; block < blocks; block += 2)
            {
                var i0 = block * width;
                var i1 = Math.Min(i0 + width, lastBlock);
                Sums<TVector, TLanes>(ref future, ref whT, h, i0, i1, out var back0, out var back1);
                TLanes.Store(HiddenDelta<TVector, TLanes>(back0, outputDelta, ref w1, ref cur, i0, one), ref Unsafe.Add(ref delta, i0));
                TLanes.Store(HiddenDelta<TVector, TLanes>(back1, outputDelta, ref w1, ref cur, i1, one), ref Unsafe.Add(ref delta, i1));
            }
        }
    }

    /// <summary>
    /// v·M for an H×H matrix M (row-major) and v held in two registers, as both two-block passes need it: v0 holds
    /// v[0, lanes), v1 holds v[H − lanes, H). Returns the two column blocks of the product, [0, lanes) and
    /// [H − lanes, H), each summed over the rows in order (k = 0 first), a multiply and an add per row, so the
    /// result is the reference loop's bit for bit. Each v[k] is broadcast from its register by a shuffle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVector First, TVector Second) TwoBlockProduct<TVector, TLanes>(TVector v0, TVector v1, ref double matrix, int h)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var second = h - width;
        ref var row = ref matrix;
        var f = TLanes.Broadcast(v0, 0);
        var sum0 = TLanes.Multiply(f, TLanes.Load(in row));
        var sum1 = TLanes.Multiply(f, TLanes.Load(in Unsafe.Add(ref row, second)));
        for (var k = 1; k < width; k++)
        {
            row = ref Unsafe.Add(ref row, h);
            f = TLanes.Broadcast(v0, k);
            sum0 = TLanes.Add(sum0, TLanes.Multiply(f, TLanes.Load(in row)));
            sum1 = TLanes.Add(sum1, TLanes.Multiply(f, TLanes.Load(in Unsafe.Add(ref row, second))));
        }
        for (var k = width; k < h; k++)
        {
            row = ref Unsafe.Add(ref row, h);
            f = TLanes.Broadcast(v1, k - second);
            sum0 = TLanes.Add(sum0, TLanes.Multiply(f, TLanes.Load(in row)));
            sum1 = TLanes.Add(sum1, TLanes.Multiply(f, TLanes.Load(in Unsafe.Add(ref row, second))));
        }
        return (sum0, sum1);
    }

    /// <summary>
    /// The chain of deltas for H in (lanes, 2·lanes]: the future delta stays in two registers and its lanes are
    /// broadcast by shuffles, as in <see cref="ForwardTwoBlocks{TVector, TLanes, TExp}"/>; each delta is still stored
    /// for the update's sums. Same arithmetic as the general loop.
    /// </summary>
    private static void HiddenDeltasTwoBlocks<TVector, TLanes>(int h, Unrolling run, ref double whT, ref double w1, ref double state, ref double deltas, TVector one)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var second = h - TLanes.Count;
        var steps = run.Length;
        // future_layer_1_delta starts at zero: +0 in every lane, as the cleared buffer of the reference.
        var d0 = TLanes.Create(0);
        var d1 = d0;
        for (var t = steps - 1; t >= 0; t--)
        {
            ref var cur = ref Unsafe.Add(ref state, (t + 1) * h);
            ref var delta = ref Unsafe.Add(ref deltas, t * h);
            var outputDelta = TLanes.Create(run.OutputDeltas[t]);
            if (t == steps - 1 && LastStepDeltas<TVector, TLanes>(outputDelta, ref w1, ref cur, ref delta, h, one))
            {
                d0 = TLanes.Load(in delta);
                d1 = TLanes.Load(in Unsafe.Add(ref delta, second));
                continue;
            }
            var (back0, back1) = TwoBlockProduct<TVector, TLanes>(d0, d1, ref whT, h);
            d0 = HiddenDelta<TVector, TLanes>(back0, outputDelta, ref w1, ref cur, 0, one);
            d1 = HiddenDelta<TVector, TLanes>(back1, outputDelta, ref w1, ref cur, second, one);
            TLanes.Store(d0, ref delta);
            TLanes.Store(d1, ref Unsafe.Add(ref delta, second));
        }
    }

    /// <summary>
    /// The newest step's delta without its sum: future_delta is zero there, so the sum is ±0, and ±0 + y = y for
    /// every y ≠ 0. Done only when no lane of layer_2_delta · W1 is zero (else the sign of that zero could matter).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LastStepDeltas<TVector, TLanes>(TVector outputDelta, ref double w1, ref double cur, ref double delta, int h, TVector one)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var zero = TLanes.Create(0);
        for (var block = 0; block < h; block += width)
        {
            var i = Math.Min(block, h - width);
            if (!TLanes.IsAllBitsSet(TLanes.AndNot(TLanes.AllBitsSet, TLanes.EqualsMask(TLanes.Multiply(outputDelta, TLanes.Load(in Unsafe.Add(ref w1, i))), zero))))
            {
                return false;
            }
        }
        for (var block = 0; block < h; block += width)
        {
            var i = Math.Min(block, h - width);
            var s = TLanes.Load(in Unsafe.Add(ref cur, i));
            var fromOutput = TLanes.Multiply(outputDelta, TLanes.Load(in Unsafe.Add(ref w1, i)));
            TLanes.Store(TLanes.Multiply(fromOutput, TLanes.Multiply(s, TLanes.Subtract(one, s))), ref Unsafe.Add(ref delta, i));
        }
        return true;
    }

    /// <summary>
    /// Each update element summed over the steps, newest first as the reference does, in a register, so it is
    /// loaded and stored once per update rather than once per step. With <paramref name="update"/> the sums are
    /// added into it; without, they start from +0 (a cleared update) and go straight into the weights, · rate.
    /// </summary>
    private static void Gradients<TVector, TLanes>(RecurrentNetwork net, BitSequence seq, Unrolling run, KernelScratch scratch, Gradient? update, double learningRate)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = net.Hidden;
        var steps = run.Length;
        ref var state = ref MemoryMarshal.GetArrayDataReference(run.HiddenStates);
        ref var deltas = ref MemoryMarshal.GetArrayDataReference(scratch.Deltas((steps + 1) * h));
        var apply = update is null;
        // weight_1_update += layer_1.T · layer_2_delta                                            (H×1)
        Accumulate<TVector, TLanes>(
            ref MemoryMarshal.GetReference(apply ? net.Output : update!.Output), ref Unsafe.Add(ref state, h), h,
            ref MemoryMarshal.GetArrayDataReference(run.OutputDeltas), 1, steps, h, apply, learningRate);
        // weight_h_update += prev_layer_1.T · layer_1_delta                                       (H×H), row i scaled by h_prev[i]
        ref var row = ref MemoryMarshal.GetReference(apply ? net.Recurrent : update!.Recurrent);
        var i = 0;
        for (; i + 1 < h; i += 2)
        {
            AccumulateRowPair<TVector, TLanes>(ref row, ref deltas, ref Unsafe.Add(ref state, i), steps, h, apply, learningRate);
            row = ref Unsafe.Add(ref row, 2 * h);
        }
        if (i < h)
        {
            Accumulate<TVector, TLanes>(ref row, ref deltas, h, ref Unsafe.Add(ref state, i), h, steps, h, apply, learningRate);
        }
        // weight_0_update += X.T · layer_1_delta                                                  (2×H)
        var bits = scratch.InputBits(2 * steps);
        for (var t = 0; t < steps; t++)
        {
            bits[t] = seq.A[t];
            bits[steps + t] = seq.B[t];
        }
        ref var bit = ref MemoryMarshal.GetArrayDataReference(bits);
        ref var input = ref MemoryMarshal.GetReference(apply ? net.Input : update!.Input);
        Accumulate<TVector, TLanes>(ref input, ref deltas, h, ref bit, 1, steps, h, apply, learningRate);
        Accumulate<TVector, TLanes>(ref Unsafe.Add(ref input, h), ref deltas, h, ref Unsafe.Add(ref bit, steps), 1, steps, h, apply, learningRate);
    }

    /// <summary>
    /// <see cref="Accumulate{TVector, TLanes}"/> for rows i and i+1 of the recurrent update at once: row r gets
    /// Σ_t h_prev[t, r]·delta[t, j..] (source rows and scales both H apart), two steps per pass, so the loop's own
    /// work is spread over four sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateRowPair<TVector, TLanes>(ref double destination, ref double deltas, ref double scale, int steps, int h, bool apply, double learningRate)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var blocks = (h + width - 1) / width;
        var lastBlock = h - width;
        var rate = TLanes.Create(learningRate);
        ref var next = ref Unsafe.Add(ref destination, h);
        var block = 0;
        if ((blocks & 1) != 0)
        {
            Accumulate<TVector, TLanes>(ref destination, ref deltas, h, ref scale, h, steps, width, apply, learningRate);
            Accumulate<TVector, TLanes>(ref next, ref deltas, h, ref Unsafe.Add(ref scale, 1), h, steps, width, apply, learningRate);
            block = 1;
        }
        for (; block < blocks; block += 2)
        {
            var j0 = block * width;
            var j1 = Math.Min(j0 + width, lastBlock);
            // All four blocks are read before any is written: the two of a row may overlap.
            var old00 = TLanes.Load(in Unsafe.Add(ref destination, j0));
            var old01 = TLanes.Load(in Unsafe.Add(ref destination, j1));
            var old10 = TLanes.Load(in Unsafe.Add(ref next, j0));
            var old11 = TLanes.Load(in Unsafe.Add(ref next, j1));
            var zero = TLanes.Create(0);
            TVector s00 = apply ? zero : old00, s01 = apply ? zero : old01, s10 = apply ? zero : old10, s11 = apply ? zero : old11;
            var t = steps - 1;
            ref var row = ref Unsafe.Add(ref deltas, t * h);
            ref var factor = ref Unsafe.Add(ref scale, t * h);
            for (; t >= 1; t -= 2)
            {
                var f0 = TLanes.Create(factor);
                var f1 = TLanes.Create(Unsafe.Add(ref factor, 1));
                s00 = TLanes.Add(s00, TLanes.Multiply(f0, TLanes.Load(in Unsafe.Add(ref row, j0))));
                s01 = TLanes.Add(s01, TLanes.Multiply(f0, TLanes.Load(in Unsafe.Add(ref row, j1))));
                s10 = TLanes.Add(s10, TLanes.Multiply(f1, TLanes.Load(in Unsafe.Add(ref row, j0))));
                s11 = TLanes.Add(s11, TLanes.Multiply(f1, TLanes.Load(in Unsafe.Add(ref row, j1))));
                row = ref Unsafe.Subtract(ref row, h);
                factor = ref Unsafe.Subtract(ref factor, h);
                f0 = TLanes.Create(factor);
                f1 = TLanes.Create(Unsafe.Add(ref factor, 1));
                s00 = TLanes.Add(s00, TLanes.Multiply(f0, TLanes.Load(in Unsafe.Add(ref row, j0))));
                s01 = TLanes.Add(s01, TLanes.Multiply(f0, TLanes.Load(in Unsafe.Add(ref row, j1))));
                s10 = TLanes.Add(s10, TLanes.Multiply(f1, TLanes.Load(in Unsafe.Add(ref row, j0))));
                s11 = TLanes.Add(s11, TLanes.Multiply(f1, TLanes.Load(in Unsafe.Add(ref row, j1))));
                row = ref Unsafe.Subtract(ref row, h);
                factor = ref Unsafe.Subtract(ref factor, h);
            }
            if (t == 0)
            {
                var f0 = TLanes.Create(factor);
                var f1 = TLanes.Create(Unsafe.Add(ref factor, 1));
                s00 = TLanes.Add(s00, TLanes.Multiply(f0, TLanes.Load(in Unsafe.Add(ref row, j0))));
                s01 = TLanes.Add(s01, TLanes.Multiply(f0, TLanes.Load(in Unsafe.Add(ref row, j1))));
                s10 = TLanes.Add(s10, TLanes.Multiply(f1, TLanes.Load(in Unsafe.Add(ref row, j0))));
                s11 = TLanes.Add(s11, TLanes.Multiply(f1, TLanes.Load(in Unsafe.Add(ref row, j1))));
            }
            if (apply)
            {
                // weight += update · α, the reference's Apply on the finished update.
                s00 = TLanes.Add(old00, TLanes.Multiply(s00, rate));
                s01 = TLanes.Add(old01, TLanes.Multiply(s01, rate));
                s10 = TLanes.Add(old10, TLanes.Multiply(s10, rate));
                s11 = TLanes.Add(old11, TLanes.Multiply(s11, rate));
            }
            TLanes.Store(s00, ref Unsafe.Add(ref destination, j0));
            TLanes.Store(s01, ref Unsafe.Add(ref destination, j1));
            TLanes.Store(s10, ref Unsafe.Add(ref next, j0));
            TLanes.Store(s11, ref Unsafe.Add(ref next, j1));
        }
    }

    /// <summary>weight += update · learning rate at one width; needs Hidden ≥ lanes.</summary>
    internal static void Apply<TVector, TLanes>(RecurrentNetwork net, Gradient update, double learningRate)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var rate = TLanes.Create(learningRate);
        AddScaled<TVector, TLanes>(ref MemoryMarshal.GetReference(net.Input), rate, ref MemoryMarshal.GetReference(update.Input), net.Input.Length);
        AddScaled<TVector, TLanes>(ref MemoryMarshal.GetReference(net.Output), rate, ref MemoryMarshal.GetReference(update.Output), net.Output.Length);
        AddScaled<TVector, TLanes>(ref MemoryMarshal.GetReference(net.Recurrent), rate, ref MemoryMarshal.GetReference(update.Recurrent), net.Recurrent.Length);
    }

    /// <summary>Whᵀ (H×H) by lanes×lanes blocks; the last block row and column overlap the ones before when H is not a multiple.</summary>
    internal static void Transpose<TVector, TLanes>(ReadOnlySpan<double> source, double[] target, int h)
        where TVector : struct
        where TLanes : struct, ILanes<TVector> =>
        Transpose<TVector, TLanes>(source, target, h, h);

    /// <summary>Mᵀ (columns×rows) of a row-major rows×columns M, both ≥ lanes, by lanes×lanes blocks as above.</summary>
    internal static void Transpose<TVector, TLanes>(ReadOnlySpan<double> source, double[] target, int rows, int columns)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetArrayDataReference(target);
        for (var rowBlock = 0; rowBlock < rows; rowBlock += width)
        {
            var i = Math.Min(rowBlock, rows - width);
            for (var columnBlock = 0; columnBlock < columns; columnBlock += width)
            {
                var k = Math.Min(columnBlock, columns - width);
                TLanes.TransposeBlock(in Unsafe.Add(ref from, (i * columns) + k), columns, ref Unsafe.Add(ref to, (k * rows) + i), rows);
            }
        }
    }

    /// <summary>
    /// Σ_i v[i]·M[i, j0..] and Σ_i v[i]·M[i, j1..] for i = 0..n−1 in order, each lane from its first product on:
    /// the reference's sums for two blocks of lanes at once. M is row-major with n columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sums<TVector, TLanes>(ref double v, ref double m, int n, int j0, int j1, out TVector sum0, out TVector sum1)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        ref var row0 = ref Unsafe.Add(ref m, j0);
        ref var row1 = ref Unsafe.Add(ref m, j1);
        var p = TLanes.Create(v);
        var s0 = TLanes.Multiply(p, TLanes.Load(in row0));
        var s1 = TLanes.Multiply(p, TLanes.Load(in row1));
        var i = 1;
        for (; i + 1 < n; i += 2)
        {
            p = TLanes.Create(Unsafe.Add(ref v, i));
            var q = TLanes.Create(Unsafe.Add(ref v, i + 1));
            row0 = ref Unsafe.Add(ref row0, n);
            row1 = ref Unsafe.Add(ref row1, n);
            s0 = TLanes.Add(s0, TLanes.Multiply(p, TLanes.Load(in row0)));
            s1 = TLanes.Add(s1, TLanes.Multiply(p, TLanes.Load(in row1)));
            row0 = ref Unsafe.Add(ref row0, n);
            row1 = ref Unsafe.Add(ref row1, n);
            s0 = TLanes.Add(s0, TLanes.Multiply(q, TLanes.Load(in row0)));
            s1 = TLanes.Add(s1, TLanes.Multiply(q, TLanes.Load(in row1)));
        }
        if (i < n)
        {
            p = TLanes.Create(Unsafe.Add(ref v, i));
            s0 = TLanes.Add(s0, TLanes.Multiply(p, TLanes.Load(in Unsafe.Add(ref row0, n))));
            s1 = TLanes.Add(s1, TLanes.Multiply(p, TLanes.Load(in Unsafe.Add(ref row1, n))));
        }
        sum0 = s0;
        sum1 = s1;
    }

    /// <summary>Σ_i v[i]·M[i, j..] for one block of lanes (see <see cref="Sums{TVector, TLanes}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Sum<TVector, TLanes>(ref double v, ref double m, int n, int j)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        ref var row = ref Unsafe.Add(ref m, j);
        var sum = TLanes.Multiply(TLanes.Create(v), TLanes.Load(in row));
        for (var i = 1; i < n; i++)
        {
            row = ref Unsafe.Add(ref row, n);
            sum = TLanes.Add(sum, TLanes.Multiply(TLanes.Create(Unsafe.Add(ref v, i)), TLanes.Load(in row)));
        }
        return sum;
    }

    /// <summary>
    /// destination[j] += scale[t]·source[t, j] for t = steps−1 down to 0 (the backward pass's order), j &lt; length:
    /// source rows and scales are <paramref name="sourceStride"/> and <paramref name="scaleStride"/> apart. With
    /// <paramref name="apply"/> the sum starts from +0 and destination (a weight row) gets sum · rate added instead.
    /// Blocks are grouped so that an overlapping last block is read together with the one it overlaps.
    /// </summary>
    internal static void Accumulate<TVector, TLanes>(ref double destination, ref double source, int sourceStride, ref double scale, int scaleStride, int steps, int length, bool apply, double learningRate)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var blocks = (length + width - 1) / width;
        var lastBlock = length - width;
        var rate = TLanes.Create(learningRate);
        var block = 0;
        if ((blocks & 1) != 0)
        {
            var sum = apply ? TLanes.Create(0) : TLanes.Load(in destination);
            for (var t = steps - 1; t >= 0; t--)
            {
                sum = TLanes.Add(sum, TLanes.Multiply(TLanes.Create(Unsafe.Add(ref scale, t * scaleStride)), TLanes.Load(in Unsafe.Add(ref source, t * sourceStride))));
            }
            TLanes.Store(apply ? TLanes.Add(TLanes.Load(in destination), TLanes.Multiply(sum, rate)) : sum, ref destination);
            block = 1;
        }
        for (; block < blocks; block += 2)
        {
            var j0 = block * width;
            var j1 = Math.Min(j0 + width, lastBlock);
            ref var target0 = ref Unsafe.Add(ref destination, j0);
            ref var target1 = ref Unsafe.Add(ref destination, j1);
            // Both blocks are read before either is written: they may overlap.
            var old0 = TLanes.Load(in target0);
            var old1 = TLanes.Load(in target1);
            var sum0 = apply ? TLanes.Create(0) : old0;
            var sum1 = apply ? TLanes.Create(0) : old1;
            ref var row = ref Unsafe.Add(ref source, (steps - 1) * sourceStride);
            ref var factor = ref Unsafe.Add(ref scale, (steps - 1) * scaleStride);
            for (var t = steps - 1; t >= 0; t--)
            {
                var f = TLanes.Create(factor);
                sum0 = TLanes.Add(sum0, TLanes.Multiply(f, TLanes.Load(in Unsafe.Add(ref row, j0))));
                sum1 = TLanes.Add(sum1, TLanes.Multiply(f, TLanes.Load(in Unsafe.Add(ref row, j1))));
                row = ref Unsafe.Subtract(ref row, sourceStride);
                factor = ref Unsafe.Subtract(ref factor, scaleStride);
            }
            if (apply)
            {
                // weight += update · α, the reference's Apply on the finished update.
                sum0 = TLanes.Add(old0, TLanes.Multiply(sum0, rate));
                sum1 = TLanes.Add(old1, TLanes.Multiply(sum1, rate));
            }
            TLanes.Store(sum0, ref target0);
            TLanes.Store(sum1, ref target1);
        }
    }

    /// <summary>(x0 · W0[0, j..]) + (x1 · W0[1, j..]), the input's share of a hidden unit's sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector FromInput<TVector, TLanes>(ref double w0, int h, int j, TVector x0, TVector x1)
        where TVector : struct
        where TLanes : struct, ILanes<TVector> =>
        TLanes.Add(
            TLanes.Multiply(x0, TLanes.Load(in Unsafe.Add(ref w0, j))),
            TLanes.Multiply(x1, TLanes.Load(in Unsafe.Add(ref w0, h + j))));

    /// <summary>The sigmoid of a kernel instance; with numpy's exp, lanes it cannot vouch for clear <paramref name="valid"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector Sigmoid<TVector, TLanes, TExp>(TVector z, ref TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind =>
        TExp.Kind == ExpKind.NumpyAvx512
            ? VectorNumpyExp.SigmoidFlagged<TVector, TLanes>(z, ref valid)
            : VectorNumpyExp.Sigmoid<TVector, TLanes>(z, ExpKind.Libm);

    /// <summary>(back + layer_2_delta · W1[i..]) · (s · (1 − s)) with s = layer_1[i..].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector HiddenDelta<TVector, TLanes>(TVector back, TVector outputDelta, ref double w1, ref double cur, int i, TVector one)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var s = TLanes.Load(in Unsafe.Add(ref cur, i));
        var fromOutput = TLanes.Multiply(outputDelta, TLanes.Load(in Unsafe.Add(ref w1, i)));
        return TLanes.Multiply(TLanes.Add(back, fromOutput), TLanes.Multiply(s, TLanes.Subtract(one, s)));
    }

    /// <summary>
    /// destination[j] += source[j] · factor for j &lt; length (≥ lanes). The last vector may overlap the one before
    /// it, so it is computed from the original values before anything is stored, and written last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled<TVector, TLanes>(ref double destination, TVector factor, ref double source, int length)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var last = length - width;
        ref var lastDestination = ref Unsafe.Add(ref destination, last);
        var tail = TLanes.Add(TLanes.Load(in lastDestination), TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref source, last)), factor));
        for (var j = 0; j < last; j += width)
        {
            ref var target = ref Unsafe.Add(ref destination, j);
            TLanes.Store(TLanes.Add(TLanes.Load(in target), TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref source, j)), factor)), ref target);
        }
        TLanes.Store(tail, ref lastDestination);
    }

    /// <summary>The kernels index without bounds checks, so every buffer's shape is checked once per call.</summary>
    internal static void CheckShapes(RecurrentNetwork net, BitSequence seq, Unrolling run)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(seq);
        ArgumentNullException.ThrowIfNull(run);
        if (run.Hidden != net.Hidden || run.Cell != net.Cell)
        {
            throw new ArgumentException($"The unrolling is for a {run.Cell} cell with {run.Hidden} hidden units, the network is {net.Cell} with {net.Hidden}.", nameof(run));
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seq.Length, run.Capacity);
    }

    internal static void CheckShape(RecurrentNetwork net, Gradient update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Hidden != net.Hidden || update.Cell != net.Cell)
        {
            throw new ArgumentException($"The update is for {update.Hidden} hidden units, the network has {net.Hidden}.", nameof(update));
        }
    }

    /// <summary>The passes at one width, for <see cref="WidthDispatch"/>.</summary>
    private readonly struct Passes : IWidthKernel
    {
        public static void Forward<TVector, TLanes, TExp>(RecurrentNetwork net, BitSequence seq, Unrolling run)
            where TVector : struct
            where TLanes : struct, ILanes<TVector>
            where TExp : struct, IExpKind =>
            ExactKernels.Forward<TVector, TLanes, TExp>(net, seq, run);

        public static void Backward<TVector, TLanes>(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
            where TVector : struct
            where TLanes : struct, ILanes<TVector> =>
            ExactKernels.Backward<TVector, TLanes>(net, seq, run, update);
    }
}
