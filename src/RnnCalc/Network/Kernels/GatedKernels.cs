using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RnnCalc.Network.Cells;

namespace RnnCalc.Network.Kernels;

/// <summary>
/// The forward pass and BPTT of PyTorch's GRU, LSTM and tanh cells (<see cref="GruCell"/>, <see cref="LstmCell"/>,
/// <see cref="TanhCell"/>), vectorised. The forward pass is the reference's arithmetic operation for operation and
/// in its order — separate multiplies and adds, every sum in the same sequence — except the gates' sigmoid and tanh,
/// which are <see cref="GateActivations"/> (within a few ulp of numpy's exp and of <see cref="Math.Tanh"/>; the
/// outputs' sigmoid is numpy's, as the reference's); the backward pass sums the same terms, each with one fused
/// multiply-add instead of a multiply and an add, in the reference's order but for W_hhᵀ·δ, which sums even and odd
/// rows apart (two shorter chains on the path from step to step). So results are not bit for bit the
/// reference's: tests/Speed/GatedKernelsTests holds every width to 1e-12 of each tensor's largest value, and the
/// PyTorch fixtures still match to 1e-12. Each lane does the same operations whatever the width, so every width
/// gives the same bits. Layouts, with R = G·H gate rows:
/// <code>
/// W_hh·h + b_hh    (R)     lanes = gate rows, through W_hhᵀ (H×R, transposed once per pass); sum over k in order
/// W_ih·x + b_ih    (R)     lanes = gate rows, weight_ih's two columns taken apart once per pass
/// gates, state     (H)     lanes = units, the cell's equations
/// W_hhᵀ·δ          (H)     lanes = units k, even and odd rows of W_hh in order (the reference's IntoPrevious)
/// weight updates           each element summed over the steps in a register, newest first (Accumulate)
/// </code>
/// A size that is not a multiple of the width ends with a vector overlapping the one before, as in
/// <see cref="ExactKernels"/>; sizes below the narrowest vector, and a forward pass that meets an input beyond numpy's
/// exp fast path (with either exp), use the reference. Allocates nothing per call (per-thread <see cref="KernelScratch"/>). The
/// per-step pieces are not inlined into the pass: each holds several exps, and one method holding them all would
/// run out of the JIT's inlining budget and leave the lane operations as calls.
/// </summary>
internal static class GatedKernels
{
    /// <summary>The cells these kernels are written for; every other cell runs its scalar reference step.</summary>
    public static bool Serves(Cell cell) => cell == Cell.Gru || cell == Cell.Lstm || cell == Cell.Tanh;

    /// <summary>Same contract as <see cref="Rnn.Forward"/>; results within 1e-12 of it (see above).</summary>
    public static void Forward(RecurrentNetwork net, BitSequence seq, Unrolling run)
    {
        ExactKernels.CheckShapes(net, seq, run);
        if (!Serves(net.Cell) || !WidthDispatch.Forward<Passes>(net, seq, run))
        {
            Rnn.Forward(net, seq, run);
        }
    }

    /// <summary>Same contract as <see cref="Rnn.Backward"/>; results within 1e-12 of it (see above).</summary>
    public static void Backward(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
    {
        ExactKernels.CheckShapes(net, seq, run);
        ExactKernels.CheckShape(net, update);
        if (!Serves(net.Cell) || !WidthDispatch.Backward<Passes>(net, seq, run, update))
        {
            Rnn.Backward(net, seq, run, update);
        }
    }

    /// <summary>The forward pass at one width and exp; needs Hidden ≥ lanes.</summary>
    internal static void Forward<TVector, TLanes, TExp>(RecurrentNetwork net, BitSequence seq, Unrolling run)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        var l = ((PyTorchCell)net.Cell).LayoutOf(net);
        var h = l.Hidden;
        var rows = l.Rows;
        var w = net.Weights;
        var scratch = KernelScratch.Current;
        var transposed = scratch.Transposed(rows * h);
        ExactKernels.Transpose<TVector, TLanes>(w.AsSpan(l.WeightHh, rows * h), transposed, rows, h);
        // weight_ih's columns (R each), then one step's W_ih·x + b_ih and W_hh·h + b_hh (R each).
        var work = scratch.Gates(4 * rows);
        for (var row = 0; row < rows; row++)
        {
            work[row] = w[2 * row];
            work[rows + row] = w[(2 * row) + 1];
        }
        ref var weights = ref MemoryMarshal.GetArrayDataReference(w);
        ref var whT = ref MemoryMarshal.GetArrayDataReference(transposed);
        ref var columns = ref MemoryMarshal.GetArrayDataReference(work);
        ref var fromInput = ref Unsafe.Add(ref columns, 2 * rows);
        ref var fromHidden = ref Unsafe.Add(ref columns, 3 * rows);
        var s = run.StateSize;
        var c = net.Cell.CacheSize(h);
        var states = run.HiddenStates;
        Cell.InitialState(net, states.AsSpan(0, s));
        ref var state = ref MemoryMarshal.GetArrayDataReference(states);
        ref var cache = ref MemoryMarshal.GetArrayDataReference(run.Cache);
        var valid = TLanes.AllBitsSet;
        var gru = net.Cell == Cell.Gru;
        var lstm = net.Cell == Cell.Lstm;
        var steps = seq.Length;
        for (var t = 0; t < steps; t++)
        {
            ref var previous = ref Unsafe.Add(ref state, t * s);
            Preactivations<TVector, TLanes>(l, ref weights, ref whT, ref columns, ref previous, seq.A[t], seq.B[t]);
            if (gru)
            {
                GruUnits<TVector, TLanes, TExp>(h, ref fromInput, ref fromHidden, ref previous, ref Unsafe.Add(ref previous, s), ref Unsafe.Add(ref cache, t * c), ref valid);
            }
            else if (lstm)
            {
                LstmUnits<TVector, TLanes, TExp>(h, ref fromInput, ref fromHidden, ref previous, ref Unsafe.Add(ref previous, s), ref Unsafe.Add(ref cache, t * c), ref valid);
            }
            else
            {
                TanhUnits<TVector, TLanes>(h, ref fromInput, ref fromHidden, ref Unsafe.Add(ref previous, s));
            }
        }
        // p = σ(out.weight · h + out.bias) per step, off the chain of states.                        (T)
        var outputs = run.Outputs;
        for (var t = 0; t < steps; t++)
        {
            ref var after = ref Unsafe.Add(ref state, (t + 1) * s);
            var z = 0.0;
            for (var j = 0; j < h; j++)
            {
                z += Unsafe.Add(ref weights, l.OutWeight + j) * Unsafe.Add(ref after, j);
            }
            outputs[t] = z + w[l.OutBias];
        }
        ExactKernels.OutputSigmoids<TVector, TLanes, TExp>(outputs.AsSpan(0, steps), ref valid);
        if (!TLanes.IsAllBitsSet(valid))
        {
            // A gate or an output met an input beyond the exp's fast path (|x| ≥ 707.7, or NaN): the whole pass by the reference.
            Rnn.Forward(net, seq, run);
            return;
        }
        run.Score(seq, steps);
    }

    /// <summary>Backpropagation through time at one width; needs Hidden ≥ lanes.</summary>
    internal static void Backward<TVector, TLanes>(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var l = ((PyTorchCell)net.Cell).LayoutOf(net);
        var h = l.Hidden;
        var rows = l.Rows;
        var steps = run.Length;
        var s = run.StateSize;
        var c = net.Cell.CacheSize(h);
        var gru = net.Cell == Cell.Gru;
        var lstm = net.Cell == Cell.Lstm;
        // Per step δ into W_ih and b_ih, and into W_hh and b_hh (T×R each; the same but for a GRU), then dh, dc, the
        // deltas flowing to the step before (H each), the input bits (2×T), a 1, and the update's weight_ih columns (2×R).
        var work = KernelScratch.Current.Gates((2 * steps * rows) + (4 * h) + (2 * steps) + 1 + (2 * rows));
        ref var deltaIh = ref MemoryMarshal.GetArrayDataReference(work);
        ref var deltaHh = ref gru ? ref Unsafe.Add(ref deltaIh, steps * rows) : ref deltaIh;
        ref var dh = ref Unsafe.Add(ref deltaIh, 2 * steps * rows);
        ref var dc = ref Unsafe.Add(ref dh, h);
        ref var futureH = ref Unsafe.Add(ref dc, h);
        ref var futureC = ref Unsafe.Add(ref futureH, h);
        ref var bits = ref Unsafe.Add(ref futureC, h);
        ref var one = ref Unsafe.Add(ref bits, 2 * steps);
        ref var inputColumns = ref Unsafe.Add(ref one, 1);
        MemoryMarshal.CreateSpan(ref futureH, 2 * h).Clear();
        one = 1;
        ref var weights = ref MemoryMarshal.GetArrayDataReference(net.Weights);
        ref var state = ref MemoryMarshal.GetArrayDataReference(run.HiddenStates);
        ref var cache = ref MemoryMarshal.GetArrayDataReference(run.Cache);
        for (var t = steps - 1; t >= 0; t--)
        {
            ref var previous = ref Unsafe.Add(ref state, t * s);
            ref var stepCache = ref Unsafe.Add(ref cache, t * c);
            ref var stepIh = ref Unsafe.Add(ref deltaIh, t * rows);
            ref var stepHh = ref Unsafe.Add(ref deltaHh, t * rows);
            StateDeltas<TVector, TLanes>(h, TLanes.Create(run.OutputDeltas[t]), ref Unsafe.Add(ref weights, l.OutWeight), ref futureH, ref dh, ref lstm ? ref stepCache : ref Unsafe.NullRef<double>(), ref futureC, ref dc);
            if (gru)
            {
                GruDeltas<TVector, TLanes>(h, ref dh, ref previous, ref stepCache, ref stepIh, ref stepHh);
            }
            else if (lstm)
            {
                LstmDeltas<TVector, TLanes>(h, ref dh, ref dc, ref previous, ref stepCache, ref stepIh, ref futureC);
            }
            else
            {
                TanhDeltas<TVector, TLanes>(h, ref dh, ref Unsafe.Add(ref previous, s), ref stepIh);
            }
            IntoPrevious<TVector, TLanes>(l, ref weights, ref stepHh, ref dh, ref gru ? ref Unsafe.Add(ref stepCache, h) : ref Unsafe.NullRef<double>(), ref futureH);
        }
        Gradients<TVector, TLanes>(l, seq, run, update, ref deltaIh, ref deltaHh, ref bits, ref one, ref inputColumns);
    }

    /// <summary>
    /// W_ih·x + b_ih and W_hh·h + b_hh for every gate row in the reference's operations and order (FromInput, and
    /// FromHidden's sum = 0.0; sum += W_hh[row, k]·h[k] for k in order; + b_hh[row]: a separate multiply and add, so
    /// the states match the reference's to the last bit but for tanh, which a saturated network's output amplifies).
    /// </summary>
    private static void Preactivations<TVector, TLanes>(PyTorchCell.Layout l, ref double weights, ref double whT, ref double columns, ref double previous, double a, double b)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = l.Hidden;
        var rows = l.Rows;
        var width = TLanes.Count;
        var last = rows - width;
        var x0 = TLanes.Create(a);
        var x1 = TLanes.Create(b);
        ref var fromInput = ref Unsafe.Add(ref columns, 2 * rows);
        ref var fromHidden = ref Unsafe.Add(ref columns, 3 * rows);
        // Four blocks of rows at a time, so four chains of H adds overlap (their multiplies are off the chains); blocks
        // past the end are clamped to the last and compute it again.
        for (var block = 0; block < rows; block += 4 * width)
        {
            var j0 = Math.Min(block, last);
            var j1 = Math.Min(block + width, last);
            var j2 = Math.Min(block + (2 * width), last);
            var j3 = Math.Min(block + (3 * width), last);
            ref var column = ref whT;
            var sum0 = TLanes.Create(0);
            var sum1 = sum0;
            var sum2 = sum0;
            var sum3 = sum0;
            for (var k = 0; k < h; k++)
            {
                // column k of W_hh (row k of W_hhᵀ, R wide) times h[k]
                var p = TLanes.Create(Unsafe.Add(ref previous, k));
                sum0 = TLanes.Add(sum0, TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref column, j0)), p));
                sum1 = TLanes.Add(sum1, TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref column, j1)), p));
                sum2 = TLanes.Add(sum2, TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref column, j2)), p));
                sum3 = TLanes.Add(sum3, TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref column, j3)), p));
                column = ref Unsafe.Add(ref column, rows);
            }
            TLanes.Store(TLanes.Add(sum0, TLanes.Load(in Unsafe.Add(ref weights, l.BiasHh + j0))), ref Unsafe.Add(ref fromHidden, j0));
            TLanes.Store(TLanes.Add(sum1, TLanes.Load(in Unsafe.Add(ref weights, l.BiasHh + j1))), ref Unsafe.Add(ref fromHidden, j1));
            TLanes.Store(TLanes.Add(sum2, TLanes.Load(in Unsafe.Add(ref weights, l.BiasHh + j2))), ref Unsafe.Add(ref fromHidden, j2));
            TLanes.Store(TLanes.Add(sum3, TLanes.Load(in Unsafe.Add(ref weights, l.BiasHh + j3))), ref Unsafe.Add(ref fromHidden, j3));
            // (W_ih[row, 0] · x0) + (W_ih[row, 1] · x1) + b_ih[row]
            TLanes.Store(FromInput<TVector, TLanes>(ref weights, l, ref columns, j0, x0, x1), ref Unsafe.Add(ref fromInput, j0));
            TLanes.Store(FromInput<TVector, TLanes>(ref weights, l, ref columns, j1, x0, x1), ref Unsafe.Add(ref fromInput, j1));
            TLanes.Store(FromInput<TVector, TLanes>(ref weights, l, ref columns, j2, x0, x1), ref Unsafe.Add(ref fromInput, j2));
            TLanes.Store(FromInput<TVector, TLanes>(ref weights, l, ref columns, j3, x0, x1), ref Unsafe.Add(ref fromInput, j3));
        }
    }

    /// <summary>(W_ih[row, 0] · x0) + (W_ih[row, 1] · x1) + b_ih[row] for a block of rows (the reference's FromInput).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector FromInput<TVector, TLanes>(ref double weights, PyTorchCell.Layout l, ref double columns, int j, TVector x0, TVector x1)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var input = TLanes.Add(TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref columns, j)), x0), TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref columns, l.Rows + j)), x1));
        return TLanes.Add(input, TLanes.Load(in Unsafe.Add(ref weights, l.BiasIh + j)));
    }

    /// <summary>GRU's units (see <see cref="GruCell"/>): r, z, n, h' and the cache r, z, n, W_hn h + b_hn.</summary>
    private static void GruUnits<TVector, TLanes, TExp>(int h, ref double fromInput, ref double fromHidden, ref double previous, ref double current, ref double cache, ref TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        var width = TLanes.Count;
        var one = TLanes.Create(1);
        for (var block = 0; block < h; block += width)
        {
            var u = Math.Min(block, h - width);
            var r = GateActivations.Sigmoid<TVector, TLanes>(TLanes.Add(TLanes.Load(in Unsafe.Add(ref fromInput, u)), TLanes.Load(in Unsafe.Add(ref fromHidden, u))), ref valid);
            var z = GateActivations.Sigmoid<TVector, TLanes>(TLanes.Add(TLanes.Load(in Unsafe.Add(ref fromInput, h + u)), TLanes.Load(in Unsafe.Add(ref fromHidden, h + u))), ref valid);
            var hn = TLanes.Load(in Unsafe.Add(ref fromHidden, (2 * h) + u));
            var n = GateActivations.Tanh<TVector, TLanes>(TLanes.Add(TLanes.Load(in Unsafe.Add(ref fromInput, (2 * h) + u)), TLanes.Multiply(r, hn)));
            // h' = (1 − z)·n + z·h
            TLanes.Store(TLanes.Add(TLanes.Multiply(TLanes.Subtract(one, z), n), TLanes.Multiply(z, TLanes.Load(in Unsafe.Add(ref previous, u)))), ref Unsafe.Add(ref current, u));
            TLanes.Store(r, ref Unsafe.Add(ref cache, u));
            TLanes.Store(z, ref Unsafe.Add(ref cache, h + u));
            TLanes.Store(n, ref Unsafe.Add(ref cache, (2 * h) + u));
            TLanes.Store(hn, ref Unsafe.Add(ref cache, (3 * h) + u));
        }
    }

    /// <summary>LSTM's units (see <see cref="LstmCell"/>): i, f, g, o, c', h' and the cache i, f, g, o, tanh(c').</summary>
    private static void LstmUnits<TVector, TLanes, TExp>(int h, ref double fromInput, ref double fromHidden, ref double previous, ref double current, ref double cache, ref TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        LstmGates<TVector, TLanes, TExp>(h, ref fromInput, ref fromHidden, ref cache, ref valid);
        var width = TLanes.Count;
        for (var block = 0; block < h; block += width)
        {
            var u = Math.Min(block, h - width);
            // c' = f·c + i·g; h' = o·tanh(c')
            var i = TLanes.Load(in Unsafe.Add(ref cache, u));
            var c = TLanes.Add(TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref cache, h + u)), TLanes.Load(in Unsafe.Add(ref previous, h + u))), TLanes.Multiply(i, TLanes.Load(in Unsafe.Add(ref cache, (2 * h) + u))));
            var tc = GateActivations.Tanh<TVector, TLanes>(c);
            TLanes.Store(TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref cache, (3 * h) + u)), tc), ref Unsafe.Add(ref current, u));
            TLanes.Store(c, ref Unsafe.Add(ref current, h + u));
            TLanes.Store(tc, ref Unsafe.Add(ref cache, (4 * h) + u));
        }
    }

    /// <summary>LSTM's gates i, f, g, o into the cache (a method of their own: four exps are enough for one).</summary>
    private static void LstmGates<TVector, TLanes, TExp>(int h, ref double fromInput, ref double fromHidden, ref double cache, ref TVector valid)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind
    {
        var width = TLanes.Count;
        for (var block = 0; block < h; block += width)
        {
            var u = Math.Min(block, h - width);
            TLanes.Store(GateActivations.Sigmoid<TVector, TLanes>(Gate<TVector, TLanes>(ref fromInput, ref fromHidden, u), ref valid), ref Unsafe.Add(ref cache, u));
            TLanes.Store(GateActivations.Sigmoid<TVector, TLanes>(Gate<TVector, TLanes>(ref fromInput, ref fromHidden, h + u), ref valid), ref Unsafe.Add(ref cache, h + u));
            TLanes.Store(GateActivations.Tanh<TVector, TLanes>(Gate<TVector, TLanes>(ref fromInput, ref fromHidden, (2 * h) + u)), ref Unsafe.Add(ref cache, (2 * h) + u));
            TLanes.Store(GateActivations.Sigmoid<TVector, TLanes>(Gate<TVector, TLanes>(ref fromInput, ref fromHidden, (3 * h) + u), ref valid), ref Unsafe.Add(ref cache, (3 * h) + u));
        }
    }

    /// <summary>The tanh cell's units (see <see cref="TanhCell"/>): h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
    private static void TanhUnits<TVector, TLanes>(int h, ref double fromInput, ref double fromHidden, ref double current)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        for (var block = 0; block < h; block += width)
        {
            var u = Math.Min(block, h - width);
            TLanes.Store(GateActivations.Tanh<TVector, TLanes>(Gate<TVector, TLanes>(ref fromInput, ref fromHidden, u)), ref Unsafe.Add(ref current, u));
        }
    }

    /// <summary>The tanh cell's delta at one step: h' = tanh(a), so δa = δh'·(1 − h'²).</summary>
    private static void TanhDeltas<TVector, TLanes>(int h, ref double dh, ref double state, ref double delta)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var one = TLanes.Create(1);
        for (var block = 0; block < h; block += width)
        {
            var u = Math.Min(block, h - width);
            var after = TLanes.Load(in Unsafe.Add(ref state, u));
            TLanes.Store(TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref dh, u)), TLanes.Subtract(one, TLanes.Multiply(after, after))), ref Unsafe.Add(ref delta, u));
        }
    }

    /// <summary>
    /// dh = δ·out.weight + the delta from the next step (the reference's OutputBackward), and for an LSTM (with its
    /// cache) dc = dh·o·(1 − tanh²(c')) + the next step's dc. Both read only what the next step left, so an
    /// overlapping last vector recomputes the same values.
    /// </summary>
    private static void StateDeltas<TVector, TLanes>(int h, TVector outputDelta, ref double outWeight, ref double futureH, ref double dh, ref double lstmCache, ref double futureC, ref double dc)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var one = TLanes.Create(1);
        var lstm = !Unsafe.IsNullRef(ref lstmCache);
        for (var block = 0; block < h; block += width)
        {
            var u = Math.Min(block, h - width);
            var d = TLanes.Add(TLanes.Multiply(outputDelta, TLanes.Load(in Unsafe.Add(ref outWeight, u))), TLanes.Load(in Unsafe.Add(ref futureH, u)));
            TLanes.Store(d, ref Unsafe.Add(ref dh, u));
            if (lstm)
            {
                var o = TLanes.Load(in Unsafe.Add(ref lstmCache, (3 * h) + u));
                var tc = TLanes.Load(in Unsafe.Add(ref lstmCache, (4 * h) + u));
                var cDelta = TLanes.Add(TLanes.Multiply(TLanes.Multiply(d, o), TLanes.Subtract(one, TLanes.Multiply(tc, tc))), TLanes.Load(in Unsafe.Add(ref futureC, u)));
                TLanes.Store(cDelta, ref Unsafe.Add(ref dc, u));
            }
        }
    }

    /// <summary>GRU's gate deltas at one step (the reference's loop over units), into W_ih/b_ih's δ and W_hh/b_hh's δ.</summary>
    private static void GruDeltas<TVector, TLanes>(int h, ref double dh, ref double previous, ref double cache, ref double deltaIh, ref double deltaHh)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var one = TLanes.Create(1);
        for (var block = 0; block < h; block += width)
        {
            var u = Math.Min(block, h - width);
            var r = TLanes.Load(in Unsafe.Add(ref cache, u));
            var z = TLanes.Load(in Unsafe.Add(ref cache, h + u));
            var n = TLanes.Load(in Unsafe.Add(ref cache, (2 * h) + u));
            var hn = TLanes.Load(in Unsafe.Add(ref cache, (3 * h) + u));
            var d = TLanes.Load(in Unsafe.Add(ref dh, u));
            // δn = δh'·(1 − z)·(1 − n²), δr = δn·hn·r·(1 − r), δz = δh'·(h − n)·z·(1 − z)
            var deltaN = TLanes.Multiply(TLanes.Multiply(d, TLanes.Subtract(one, z)), TLanes.Subtract(one, TLanes.Multiply(n, n)));
            var deltaR = TLanes.Multiply(TLanes.Multiply(TLanes.Multiply(deltaN, hn), r), TLanes.Subtract(one, r));
            var deltaZ = TLanes.Multiply(TLanes.Multiply(TLanes.Multiply(d, TLanes.Subtract(TLanes.Load(in Unsafe.Add(ref previous, u)), n)), z), TLanes.Subtract(one, z));
            TLanes.Store(deltaR, ref Unsafe.Add(ref deltaIh, u));
            TLanes.Store(deltaZ, ref Unsafe.Add(ref deltaIh, h + u));
            TLanes.Store(deltaN, ref Unsafe.Add(ref deltaIh, (2 * h) + u));
            TLanes.Store(deltaR, ref Unsafe.Add(ref deltaHh, u));
            TLanes.Store(deltaZ, ref Unsafe.Add(ref deltaHh, h + u));
            TLanes.Store(TLanes.Multiply(deltaN, r), ref Unsafe.Add(ref deltaHh, (2 * h) + u));
        }
    }

    /// <summary>LSTM's gate deltas i, f, g, o at one step, and the dc that flows to the step before (f·dc').</summary>
    private static void LstmDeltas<TVector, TLanes>(int h, ref double dh, ref double dc, ref double previous, ref double cache, ref double delta, ref double futureC)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var one = TLanes.Create(1);
        for (var block = 0; block < h; block += width)
        {
            var u = Math.Min(block, h - width);
            var i = TLanes.Load(in Unsafe.Add(ref cache, u));
            var f = TLanes.Load(in Unsafe.Add(ref cache, h + u));
            var g = TLanes.Load(in Unsafe.Add(ref cache, (2 * h) + u));
            var o = TLanes.Load(in Unsafe.Add(ref cache, (3 * h) + u));
            var tc = TLanes.Load(in Unsafe.Add(ref cache, (4 * h) + u));
            var cDelta = TLanes.Load(in Unsafe.Add(ref dc, u));
            // c' = f·c + i·g: δi = δc'·g, δf = δc'·c, δg = δc'·i; h' = o·tanh(c'): δo = δh'·tanh(c')
            TLanes.Store(TLanes.Multiply(TLanes.Multiply(TLanes.Multiply(cDelta, g), i), TLanes.Subtract(one, i)), ref Unsafe.Add(ref delta, u));
            TLanes.Store(TLanes.Multiply(TLanes.Multiply(TLanes.Multiply(cDelta, TLanes.Load(in Unsafe.Add(ref previous, h + u))), f), TLanes.Subtract(one, f)), ref Unsafe.Add(ref delta, h + u));
            TLanes.Store(TLanes.Multiply(TLanes.Multiply(cDelta, i), TLanes.Subtract(one, TLanes.Multiply(g, g))), ref Unsafe.Add(ref delta, (2 * h) + u));
            TLanes.Store(TLanes.Multiply(TLanes.Multiply(TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref dh, u)), tc), o), TLanes.Subtract(one, o)), ref Unsafe.Add(ref delta, (3 * h) + u));
            TLanes.Store(TLanes.Multiply(cDelta, f), ref Unsafe.Add(ref futureC, u));
        }
    }

    /// <summary>
    /// The previous state's delta: future[k] = base[k] + Σ_row W_hh[row, k]·δhh[row], summed as (base + Σ over even
    /// rows) + Σ over odd rows, each half in row order by fused multiply-adds, from base =
    /// dh·z for a GRU (with <paramref name="z"/>) or 0 for the others. Lanes = units k; base is recomputed rather than
    /// read back, so an overlapping last vector gives the same values.
    /// </summary>
    private static void IntoPrevious<TVector, TLanes>(PyTorchCell.Layout l, ref double weights, ref double deltaHh, ref double dh, ref double z, ref double future)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = l.Hidden;
        var width = TLanes.Count;
        var last = h - width;
        ref var whh = ref Unsafe.Add(ref weights, l.WeightHh);
        // Four blocks of units at a time, each sum in two halves (even rows onto base, odd rows from +0, added at the
        // end), so eight chains of R/2 fused multiply-adds overlap: this chain is on the path from step to step. Blocks
        // past the end are clamped to the last one and compute the same values again.
        var pairs = l.Rows & ~1;
        for (var block = 0; block < h; block += 4 * width)
        {
            var k0 = Math.Min(block, last);
            var k1 = Math.Min(block + width, last);
            var k2 = Math.Min(block + (2 * width), last);
            var k3 = Math.Min(block + (3 * width), last);
            var s0 = Base<TVector, TLanes>(ref dh, ref z, k0);
            var s1 = Base<TVector, TLanes>(ref dh, ref z, k1);
            var s2 = Base<TVector, TLanes>(ref dh, ref z, k2);
            var s3 = Base<TVector, TLanes>(ref dh, ref z, k3);
            var o0 = TLanes.Create(0);
            var o1 = o0;
            var o2 = o0;
            var o3 = o0;
            ref var row = ref whh;
            for (var r = 0; r < pairs; r += 2)
            {
                var d = TLanes.Create(Unsafe.Add(ref deltaHh, r));
                s0 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k0)), d, s0);
                s1 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k1)), d, s1);
                s2 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k2)), d, s2);
                s3 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k3)), d, s3);
                row = ref Unsafe.Add(ref row, h);
                var e = TLanes.Create(Unsafe.Add(ref deltaHh, r + 1));
                o0 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k0)), e, o0);
                o1 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k1)), e, o1);
                o2 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k2)), e, o2);
                o3 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k3)), e, o3);
                row = ref Unsafe.Add(ref row, h);
            }
            if (pairs != l.Rows)
            {
                var d = TLanes.Create(Unsafe.Add(ref deltaHh, pairs));
                s0 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k0)), d, s0);
                s1 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k1)), d, s1);
                s2 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k2)), d, s2);
                s3 = TLanes.FusedMultiplyAdd(TLanes.Load(in Unsafe.Add(ref row, k3)), d, s3);
            }
            TLanes.Store(TLanes.Add(s0, o0), ref Unsafe.Add(ref future, k0));
            TLanes.Store(TLanes.Add(s1, o1), ref Unsafe.Add(ref future, k1));
            TLanes.Store(TLanes.Add(s2, o2), ref Unsafe.Add(ref future, k2));
            TLanes.Store(TLanes.Add(s3, o3), ref Unsafe.Add(ref future, k3));
        }
    }

    /// <summary>IntoPrevious's starting value: dh·z for a GRU, +0 for LSTM and tanh (the reference's cleared buffer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Base<TVector, TLanes>(ref double dh, ref double z, int k)
        where TVector : struct
        where TLanes : struct, ILanes<TVector> =>
        Unsafe.IsNullRef(ref z) ? TLanes.Create(0) : TLanes.Multiply(TLanes.Load(in Unsafe.Add(ref dh, k)), TLanes.Load(in Unsafe.Add(ref z, k)));

    /// <summary>
    /// Every update element summed over the steps, newest first as the reference adds them (the reference's
    /// OutputBackward and GateBackward), each in a register from the update's value on, one fused multiply-add a step.
    /// </summary>
    private static void Gradients<TVector, TLanes>(PyTorchCell.Layout l, BitSequence seq, Unrolling run, Gradient update, ref double deltaIh, ref double deltaHh, ref double bits, ref double one, ref double inputColumns)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = l.Hidden;
        var rows = l.Rows;
        var steps = run.Length;
        var s = run.StateSize;
        var g = update.Values;
        ref var values = ref MemoryMarshal.GetArrayDataReference(g);
        ref var state = ref MemoryMarshal.GetArrayDataReference(run.HiddenStates);
        // out.weight += Σ_t δ_t·h_t; out.bias += Σ_t δ_t                                              (1×H, 1)
        Accumulate<TVector, TLanes>(ref Unsafe.Add(ref values, l.OutWeight), ref Unsafe.Add(ref state, s), s, ref MemoryMarshal.GetArrayDataReference(run.OutputDeltas), 1, steps, h);
        for (var t = steps - 1; t >= 0; t--)
        {
            g[l.OutBias] += run.OutputDeltas[t];
        }
        // W_hh[row] += Σ_t δhh_t[row]·h_{t−1}                                                           (R×H)
        for (var row = 0; row < rows; row++)
        {
            Accumulate<TVector, TLanes>(ref Unsafe.Add(ref values, l.WeightHh + (row * h)), ref state, s, ref Unsafe.Add(ref deltaHh, row), rows, steps, h);
        }
        // b_ih += Σ_t δih_t; b_hh += Σ_t δhh_t (each δ times the 1, which is exact)                      (R each)
        Accumulate<TVector, TLanes>(ref Unsafe.Add(ref values, l.BiasIh), ref deltaIh, rows, ref one, 0, steps, rows);
        Accumulate<TVector, TLanes>(ref Unsafe.Add(ref values, l.BiasHh), ref deltaHh, rows, ref one, 0, steps, rows);
        // W_ih[row] += Σ_t δih_t[row]·(x0, x1), on weight_ih's columns taken apart and put back             (R×2)
        for (var t = 0; t < steps; t++)
        {
            Unsafe.Add(ref bits, t) = seq.A[t];
            Unsafe.Add(ref bits, steps + t) = seq.B[t];
        }
        for (var row = 0; row < rows; row++)
        {
            Unsafe.Add(ref inputColumns, row) = g[2 * row];
            Unsafe.Add(ref inputColumns, rows + row) = g[(2 * row) + 1];
        }
        Accumulate<TVector, TLanes>(ref inputColumns, ref deltaIh, rows, ref bits, 1, steps, rows);
        Accumulate<TVector, TLanes>(ref Unsafe.Add(ref inputColumns, rows), ref deltaIh, rows, ref Unsafe.Add(ref bits, steps), 1, steps, rows);
        for (var row = 0; row < rows; row++)
        {
            g[2 * row] = Unsafe.Add(ref inputColumns, row);
            g[(2 * row) + 1] = Unsafe.Add(ref inputColumns, rows + row);
        }
    }

    /// <summary>
    /// destination[j] = fma(scale[t], source[t, j], destination[j]) for t = steps−1 down to 0 (the backward pass's
    /// order), j &lt; length (≥ lanes), with source rows and scales <paramref name="sourceStride"/> and
    /// <paramref name="scaleStride"/> apart (a scale stride of 0 and a scale of 1 sum the rows exactly). The whole
    /// blocks four at a time, each sum in a register (blocks past the end are clamped to the last whole one and
    /// compute it again); a length that is not a multiple of the width ends with a block overlapping the one
    /// before, which starts from the destination's values as they were before any block was written.
    /// </summary>
    private static void Accumulate<TVector, TLanes>(ref double destination, ref double source, int sourceStride, ref double scale, int scaleStride, int steps, int length)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var whole = length - (length % width);
        var lastWhole = whole - width;
        var tailAt = length - width;
        var tail = TLanes.Load(in Unsafe.Add(ref destination, tailAt));
        ref var first = ref Unsafe.Add(ref source, (steps - 1) * sourceStride);
        ref var firstFactor = ref Unsafe.Add(ref scale, (steps - 1) * scaleStride);
        for (var block = 0; block < whole; block += 4 * width)
        {
            var j0 = Math.Min(block, lastWhole);
            var j1 = Math.Min(block + width, lastWhole);
            var j2 = Math.Min(block + (2 * width), lastWhole);
            var j3 = Math.Min(block + (3 * width), lastWhole);
            var sum0 = TLanes.Load(in Unsafe.Add(ref destination, j0));
            var sum1 = TLanes.Load(in Unsafe.Add(ref destination, j1));
            var sum2 = TLanes.Load(in Unsafe.Add(ref destination, j2));
            var sum3 = TLanes.Load(in Unsafe.Add(ref destination, j3));
            ref var row = ref first;
            ref var factor = ref firstFactor;
            for (var t = steps - 1; t >= 0; t--)
            {
                var f = TLanes.Create(factor);
                sum0 = TLanes.FusedMultiplyAdd(f, TLanes.Load(in Unsafe.Add(ref row, j0)), sum0);
                sum1 = TLanes.FusedMultiplyAdd(f, TLanes.Load(in Unsafe.Add(ref row, j1)), sum1);
                sum2 = TLanes.FusedMultiplyAdd(f, TLanes.Load(in Unsafe.Add(ref row, j2)), sum2);
                sum3 = TLanes.FusedMultiplyAdd(f, TLanes.Load(in Unsafe.Add(ref row, j3)), sum3);
                row = ref Unsafe.Subtract(ref row, sourceStride);
                factor = ref Unsafe.Subtract(ref factor, scaleStride);
            }
            TLanes.Store(sum0, ref Unsafe.Add(ref destination, j0));
            TLanes.Store(sum1, ref Unsafe.Add(ref destination, j1));
            TLanes.Store(sum2, ref Unsafe.Add(ref destination, j2));
            TLanes.Store(sum3, ref Unsafe.Add(ref destination, j3));
        }
        if (whole != length)
        {
            ref var row = ref first;
            ref var factor = ref firstFactor;
            for (var t = steps - 1; t >= 0; t--)
            {
                tail = TLanes.FusedMultiplyAdd(TLanes.Create(factor), TLanes.Load(in Unsafe.Add(ref row, tailAt)), tail);
                row = ref Unsafe.Subtract(ref row, sourceStride);
                factor = ref Unsafe.Subtract(ref factor, scaleStride);
            }
            TLanes.Store(tail, ref Unsafe.Add(ref destination, tailAt));
        }
    }

    /// <summary>The gate's pre-activation W_ih x + b_ih + W_hh h + b_hh (the reference's FromInput + FromHidden).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Gate<TVector, TLanes>(ref double fromInput, ref double fromHidden, int row)
        where TVector : struct
        where TLanes : struct, ILanes<TVector> =>
        TLanes.Add(TLanes.Load(in Unsafe.Add(ref fromInput, row)), TLanes.Load(in Unsafe.Add(ref fromHidden, row)));

    /// <summary>The passes at one width, for <see cref="WidthDispatch"/>.</summary>
    private readonly struct Passes : IWidthKernel
    {
        public static void Forward<TVector, TLanes, TExp>(RecurrentNetwork net, BitSequence seq, Unrolling run)
            where TVector : struct
            where TLanes : struct, ILanes<TVector>
            where TExp : struct, IExpKind =>
            GatedKernels.Forward<TVector, TLanes, TExp>(net, seq, run);

        public static void Backward<TVector, TLanes>(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
            where TVector : struct
            where TLanes : struct, ILanes<TVector> =>
            GatedKernels.Backward<TVector, TLanes>(net, seq, run, update);
    }
}
