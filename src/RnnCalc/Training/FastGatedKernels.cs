using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RnnCalc.Network.Cells;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Training;

/// <summary>
/// One --fast update of a PyTorch cell (<see cref="FastGatedUpdate"/>'s layout): the equations of
/// <see cref="GruCell"/>, <see cref="LstmCell"/> and <see cref="TanhCell"/> in single precision, sums split into
/// partial sums (two for the gates, four for tanh's, eight for BPTT's W_hhᵀ·δ) and fused, σ from
/// <see cref="FloatSigmoid"/> and tanh x = 2σ(2x) − 1; then every gradient vector summed over the steps into the
/// update buffer, and the optimizer over all of it. Lanes run along units for the gates and BPTT, along gate rows for
/// the weight gradients; allocates nothing.
/// </summary>
internal static class FastGatedKernels
{
    /// <summary>Learns from the sequence in <paramref name="u"/>'s A, B and Target; returns Σ|y − p|.</summary>
    public static float Step<TVector, TLanes>(FastGatedUpdate u, int steps, FastOptimizerStep optimizer)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        Forward<TVector, TLanes>(u, steps);
        var error = FastKernels.OutputDeltas(u.Outputs, u.Target, u.OutputDeltas, steps);
        Backward<TVector, TLanes>(u, steps);
        Apply<TVector, TLanes>(u, steps, optimizer);
        return error;
    }

    private static void Forward<TVector, TLanes>(FastGatedUpdate u, int steps)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var hp = u.Padded;
        var s = u.StateSize;
        var c = u.CacheSize;
        var width = TLanes.Count;
        u.States.AsSpan(0, s).Clear();
        u.States.AsSpan(0, u.Hidden).Fill(u.InitialHidden);
        ref var w = ref MemoryMarshal.GetArrayDataReference(u.Weights);
        ref var state = ref MemoryMarshal.GetArrayDataReference(u.States);
        ref var cache = ref MemoryMarshal.GetArrayDataReference(u.Cache);
        var cell = u.Cell;
        ref var outWeight = ref Unsafe.Add(ref w, u.OutWeight);
        var outBias = Unsafe.Add(ref outWeight, hp);
        for (var t = 0; t < steps; t++)
        {
            ref var previous = ref Unsafe.Add(ref state, t * s);
            ref var current = ref Unsafe.Add(ref previous, s);
            var x0 = TLanes.Create(u.A[t]);
            var x1 = TLanes.Create(u.B[t]);
            // W_hh·h's terms: none from a zero initial state.
            var terms = t == 0 && u.InitialHidden == 0 ? 0 : u.Hidden;
            if (cell == Cell.Gru)
            {
                GruStep<TVector, TLanes>(u, ref w, terms, x0, x1, ref previous, ref current, ref Unsafe.Add(ref cache, t * c));
            }
            else if (cell == Cell.Lstm)
            {
                LstmStep<TVector, TLanes>(u, ref w, terms, x0, x1, ref previous, ref current, ref Unsafe.Add(ref cache, t * c));
            }
            else
            {
                TanhStep<TVector, TLanes>(u, ref w, terms, x0, x1, ref previous, ref current);
            }
            // p = σ(out.weight · h' + out.bias)                                                          (1)
            var dot = TLanes.Create(0);
            for (var j = 0; j < hp; j += width)
            {
                dot = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref outWeight, j)), TLanes.Load(in Unsafe.Add(ref current, j)), dot);
            }
            u.Outputs[t] = TLanes.Sum(dot) + outBias;
        }
        // The outputs' σ off the chain of states, a vector of steps at a time (Outputs is a whole number of vectors).
        ref var outputs = ref MemoryMarshal.GetArrayDataReference(u.Outputs);
        for (var t = 0; t < steps; t += width)
        {
            TLanes.Store(TLanes.Sigmoid(TLanes.Load(in Unsafe.Add(ref outputs, t))), ref Unsafe.Add(ref outputs, t));
        }
    }

    /// <summary>
    /// One GRU step, a vector of units at a time, each gate's sum in registers (even and odd k apart):
    /// r = σ(W_ir x + b_ir + W_hr h + b_hr), z likewise, n = tanh(W_in x + b_in + r·(W_hn h + b_hn)),
    /// h' = n + z·(h − n); cache r, z, n, W_hn h + b_hn.
    /// </summary>
    private static void GruStep<TVector, TLanes>(FastGatedUpdate u, ref float w, int h, TVector x0, TVector x1, ref float previous, ref float current, ref float cache)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var hp = u.Padded;
        var rows = u.Rows;
        ref var whT = ref Unsafe.Add(ref w, u.WeightHhT);
        for (var j = 0; j < hp; j += TLanes.Count)
        {
            var jz = hp + j;
            var jn = (2 * hp) + j;
            var er = Start<TVector, TLanes>(ref w, rows, j, x0, x1);
            var ez = Start<TVector, TLanes>(ref w, rows, jz, x0, x1);
            // W_hn h + b_hn, kept apart from the input's share (r scales it).
            var hn = TLanes.Load(in Unsafe.Add(ref w, u.BiasHh + jn));
            var none = hn;
            GateSums<TVector, TLanes>(ref whT, ref previous, h, rows, j, jz, jn, jn, false, ref er, ref ez, ref hn, ref none);
            var r = TLanes.Sigmoid(er);
            var z = TLanes.Sigmoid(ez);
            var n = Tanh<TVector, TLanes>(TLanes.MultiplyAdd(r, hn, FromInput<TVector, TLanes>(ref w, rows, jn, x0, x1)));
            TLanes.Store(TLanes.MultiplyAdd(z, TLanes.Subtract(TLanes.Load(in Unsafe.Add(ref previous, j)), n), n), ref Unsafe.Add(ref current, j));
            TLanes.Store(r, ref Unsafe.Add(ref cache, j));
            TLanes.Store(z, ref Unsafe.Add(ref cache, jz));
            TLanes.Store(n, ref Unsafe.Add(ref cache, jn));
            TLanes.Store(hn, ref Unsafe.Add(ref cache, (3 * hp) + j));
        }
    }

    /// <summary>
    /// One LSTM step, a vector of units at a time, each gate's sum in registers (even and odd k apart): i, f, o = σ(.),
    /// g = tanh(.), c' = f·c + i·g, h' = o·tanh(c'); state h' then c'; cache i, f, g, o, tanh(c').
    /// </summary>
    private static void LstmStep<TVector, TLanes>(FastGatedUpdate u, ref float w, int h, TVector x0, TVector x1, ref float previous, ref float current, ref float cache)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var hp = u.Padded;
        var rows = u.Rows;
        ref var whT = ref Unsafe.Add(ref w, u.WeightHhT);
        for (var j = 0; j < hp; j += TLanes.Count)
        {
            var jf = hp + j;
            var jg = (2 * hp) + j;
            var jo = (3 * hp) + j;
            var ei = Start<TVector, TLanes>(ref w, rows, j, x0, x1);
            var ef = Start<TVector, TLanes>(ref w, rows, jf, x0, x1);
            var eg = Start<TVector, TLanes>(ref w, rows, jg, x0, x1);
            var eo = Start<TVector, TLanes>(ref w, rows, jo, x0, x1);
            GateSums<TVector, TLanes>(ref whT, ref previous, h, rows, j, jf, jg, jo, true, ref ei, ref ef, ref eg, ref eo);
            var i = TLanes.Sigmoid(ei);
            var f = TLanes.Sigmoid(ef);
            var g = Tanh<TVector, TLanes>(eg);
            var o = TLanes.Sigmoid(eo);
            var c = TLanes.MultiplyAdd(f, TLanes.Load(in Unsafe.Add(ref previous, hp + j)), TLanes.Multiply(i, g));
            var tc = Tanh<TVector, TLanes>(c);
            TLanes.Store(TLanes.Multiply(o, tc), ref Unsafe.Add(ref current, j));
            TLanes.Store(c, ref Unsafe.Add(ref current, hp + j));
            TLanes.Store(i, ref Unsafe.Add(ref cache, j));
            TLanes.Store(f, ref Unsafe.Add(ref cache, jf));
            TLanes.Store(g, ref Unsafe.Add(ref cache, jg));
            TLanes.Store(o, ref Unsafe.Add(ref cache, jo));
            TLanes.Store(tc, ref Unsafe.Add(ref cache, (4 * hp) + j));
        }
    }

    /// <summary>
    /// s_g += Σ_k W_hhᵀ[k, rows j_g..]·h[k] for three gates, or four with <paramref name="four"/> (a constant at every
    /// call, so the JIT drops the fourth where it is false), even and odd k summed apart and added at the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GateSums<TVector, TLanes>(ref float whT, ref float previous, int h, int rows, int j0, int j1, int j2, int j3, bool four, ref TVector s0, ref TVector s1, ref TVector s2, ref TVector s3)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var e0 = s0;
        var e1 = s1;
        var e2 = s2;
        var e3 = s3;
        var o0 = TLanes.Create(0);
        var o1 = o0;
        var o2 = o0;
        var o3 = o0;
        ref var column = ref whT;
        var k = 0;
        for (; k + 1 < h; k += 2)
        {
            var p = TLanes.Create(Unsafe.Add(ref previous, k));
            e0 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, j0)), p, e0);
            e1 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, j1)), p, e1);
            e2 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, j2)), p, e2);
            ref var next = ref Unsafe.Add(ref column, rows);
            var q = TLanes.Create(Unsafe.Add(ref previous, k + 1));
            o0 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref next, j0)), q, o0);
            o1 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref next, j1)), q, o1);
            o2 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref next, j2)), q, o2);
            if (four)
            {
                e3 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, j3)), p, e3);
                o3 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref next, j3)), q, o3);
            }
            column = ref Unsafe.Add(ref column, 2 * rows);
        }
        if (k < h)
        {
            var p = TLanes.Create(Unsafe.Add(ref previous, k));
            e0 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, j0)), p, e0);
            e1 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, j1)), p, e1);
            e2 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, j2)), p, e2);
            if (four)
            {
                e3 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, j3)), p, e3);
            }
        }
        s0 = TLanes.Add(e0, o0);
        s1 = TLanes.Add(e1, o1);
        s2 = TLanes.Add(e2, o2);
        if (four)
        {
            s3 = TLanes.Add(e3, o3);
        }
    }

    /// <summary>h' = tanh(W_ih x + b_ih + W_hh h + b_hh), a vector of units at a time, the sum in four parts over k.</summary>
    private static void TanhStep<TVector, TLanes>(FastGatedUpdate u, ref float w, int h, TVector x0, TVector x1, ref float previous, ref float current)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var hp = u.Padded;
        var rows = u.Rows;
        ref var whT = ref Unsafe.Add(ref w, u.WeightHhT);
        for (var j = 0; j < hp; j += TLanes.Count)
        {
            var e0 = Start<TVector, TLanes>(ref w, rows, j, x0, x1);
            var e1 = TLanes.Create(0);
            var e2 = e1;
            var e3 = e1;
            ref var column = ref Unsafe.Add(ref whT, j);
            var k = 0;
            for (; k + 3 < h; k += 4)
            {
                e0 = TLanes.MultiplyAdd(TLanes.Load(in column), TLanes.Create(Unsafe.Add(ref previous, k)), e0);
                e1 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, rows)), TLanes.Create(Unsafe.Add(ref previous, k + 1)), e1);
                e2 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, 2 * rows)), TLanes.Create(Unsafe.Add(ref previous, k + 2)), e2);
                e3 = TLanes.MultiplyAdd(TLanes.Load(in Unsafe.Add(ref column, 3 * rows)), TLanes.Create(Unsafe.Add(ref previous, k + 3)), e3);
                column = ref Unsafe.Add(ref column, 4 * rows);
            }
            for (; k < h; k++)
            {
                e0 = TLanes.MultiplyAdd(TLanes.Load(in column), TLanes.Create(Unsafe.Add(ref previous, k)), e0);
                column = ref Unsafe.Add(ref column, rows);
            }
            TLanes.Store(Tanh<TVector, TLanes>(TLanes.Add(TLanes.Add(e0, e1), TLanes.Add(e2, e3))), ref Unsafe.Add(ref current, j));
        }
    }

    /// <summary>W_ih[rows j..]·(a, b) + b_ih[rows j..]; the weights' first four blocks are W_ih's columns, b_ih, b_hh (R each).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector FromInput<TVector, TLanes>(ref float w, int rows, int j, TVector x0, TVector x1)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector> =>
        TLanes.MultiplyAdd(x1, TLanes.Load(in Unsafe.Add(ref w, rows + j)), TLanes.MultiplyAdd(x0, TLanes.Load(in Unsafe.Add(ref w, j)), TLanes.Load(in Unsafe.Add(ref w, (2 * rows) + j))));

    /// <summary>A gate's sum before W_hh·h: W_ih x + b_ih + b_hh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Start<TVector, TLanes>(ref float w, int rows, int j, TVector x0, TVector x1)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector> =>
        TLanes.Add(FromInput<TVector, TLanes>(ref w, rows, j, x0, x1), TLanes.Load(in Unsafe.Add(ref w, (3 * rows) + j)));

    /// <summary>
    /// BPTT, newest step first: dh = δ·out.weight + the next step's delta, each cell's gate deltas into DeltaIh and
    /// DeltaHh, and the delta for the step before, Σ_row W_hh[row, k]·δhh[row] (+ z·dh for a GRU; an LSTM's c
    /// delta f·dc beside it).
    /// </summary>
    private static void Backward<TVector, TLanes>(FastGatedUpdate u, int steps)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var hp = u.Padded;
        var rows = u.Rows;
        var s = u.StateSize;
        var c = u.CacheSize;
        var width = TLanes.Count;
        u.FutureH.AsSpan().Clear();
        u.FutureC.AsSpan().Clear();
        ref var outWeight = ref u.Weights[u.OutWeight];
        ref var recurrent = ref MemoryMarshal.GetArrayDataReference(u.Recurrent);
        ref var allDeltaIh = ref MemoryMarshal.GetArrayDataReference(u.DeltaIh);
        ref var allDeltaHh = ref MemoryMarshal.GetArrayDataReference(u.DeltaHh);
        ref var outputDeltas = ref MemoryMarshal.GetArrayDataReference(u.OutputDeltas);
        ref var state = ref MemoryMarshal.GetArrayDataReference(u.States);
        ref var cache = ref MemoryMarshal.GetArrayDataReference(u.Cache);
        ref var futureH = ref MemoryMarshal.GetArrayDataReference(u.FutureH);
        ref var futureC = ref MemoryMarshal.GetArrayDataReference(u.FutureC);
        var cell = u.Cell;
        for (var t = steps - 1; t >= 0; t--)
        {
            var outputDelta = TLanes.Create(Unsafe.Add(ref outputDeltas, t));
            ref var previous = ref Unsafe.Add(ref state, t * s);
            ref var deltaIh = ref Unsafe.Add(ref allDeltaIh, t * rows);
            ref var deltaHh = ref Unsafe.Add(ref allDeltaHh, t * rows);
            if (cell == Cell.Gru)
            {
                GruDeltas<TVector, TLanes>(hp, outputDelta, ref outWeight, ref futureH, ref previous, ref Unsafe.Add(ref cache, t * c), ref deltaIh, ref deltaHh);
            }
            else if (cell == Cell.Lstm)
            {
                LstmDeltas<TVector, TLanes>(hp, outputDelta, ref outWeight, ref futureH, ref futureC, ref previous, ref Unsafe.Add(ref cache, t * c), ref deltaIh);
            }
            else
            {
                TanhDeltas<TVector, TLanes>(hp, outputDelta, ref outWeight, ref futureH, ref Unsafe.Add(ref previous, s), ref deltaIh);
            }
            if (t == 0)
            {
                // No step before: h0 is not trained.
                break;
            }
            // future += W_hhᵀ·δhh, lanes along units k, each sum in eight parts over the rows (this chain is on the
            // path from step to step; rows are a whole number of vectors, so of eight); padding k stay 0: their
            // column of W_hh is 0.                                                                          (H)
            for (var k = 0; k < hp; k += width)
            {
                ref var column = ref Unsafe.Add(ref recurrent, k);
                var s0 = TLanes.Load(in Unsafe.Add(ref futureH, k));
                var s1 = TLanes.Create(0);
                var s2 = s1;
                var s3 = s1;
                var s4 = s1;
                var s5 = s1;
                var s6 = s1;
                var s7 = s1;
                for (var row = 0; row < rows; row += 8)
                {
                    ref var d = ref Unsafe.Add(ref deltaHh, row);
                    s0 = TLanes.MultiplyAdd(TLanes.Create(d), TLanes.Load(in column), s0);
                    s1 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref d, 1)), TLanes.Load(in Unsafe.Add(ref column, hp)), s1);
                    s2 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref d, 2)), TLanes.Load(in Unsafe.Add(ref column, 2 * hp)), s2);
                    s3 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref d, 3)), TLanes.Load(in Unsafe.Add(ref column, 3 * hp)), s3);
                    s4 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref d, 4)), TLanes.Load(in Unsafe.Add(ref column, 4 * hp)), s4);
                    s5 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref d, 5)), TLanes.Load(in Unsafe.Add(ref column, 5 * hp)), s5);
                    s6 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref d, 6)), TLanes.Load(in Unsafe.Add(ref column, 6 * hp)), s6);
                    s7 = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref d, 7)), TLanes.Load(in Unsafe.Add(ref column, 7 * hp)), s7);
                    column = ref Unsafe.Add(ref column, 8 * hp);
                }
                var sum = TLanes.Add(TLanes.Add(TLanes.Add(s0, s1), TLanes.Add(s2, s3)), TLanes.Add(TLanes.Add(s4, s5), TLanes.Add(s6, s7)));
                TLanes.Store(sum, ref Unsafe.Add(ref futureH, k));
            }
        }
    }

    /// <summary>dh = δ·out.weight + the delta flowing back from the next step (the reference's OutputBackward), a vector of units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector StateDelta<TVector, TLanes>(TVector outputDelta, ref float outWeight, ref float futureH, int j)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector> =>
        TLanes.MultiplyAdd(outputDelta, TLanes.Load(in Unsafe.Add(ref outWeight, j)), TLanes.Load(in Unsafe.Add(ref futureH, j)));

    /// <summary>δn = dh·(1 − z)·(1 − n²), δr = δn·hn·r·(1 − r), δz = dh·(h − n)·z·(1 − z); n's W_hh rows get δn·r; z·dh flows straight back.</summary>
    private static void GruDeltas<TVector, TLanes>(int hp, TVector outputDelta, ref float outWeight, ref float futureH, ref float previous, ref float cache, ref float deltaIh, ref float deltaHh)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var one = TLanes.Create(1);
        for (var j = 0; j < hp; j += TLanes.Count)
        {
            var dh = StateDelta<TVector, TLanes>(outputDelta, ref outWeight, ref futureH, j);
            var r = TLanes.Load(in Unsafe.Add(ref cache, j));
            var z = TLanes.Load(in Unsafe.Add(ref cache, hp + j));
            var n = TLanes.Load(in Unsafe.Add(ref cache, (2 * hp) + j));
            var hn = TLanes.Load(in Unsafe.Add(ref cache, (3 * hp) + j));
            var deltaN = TLanes.Multiply(TLanes.Multiply(dh, TLanes.Subtract(one, z)), TLanes.Subtract(one, TLanes.Multiply(n, n)));
            var deltaR = TLanes.Multiply(TLanes.Multiply(deltaN, hn), TLanes.Multiply(r, TLanes.Subtract(one, r)));
            var deltaZ = TLanes.Multiply(TLanes.Multiply(dh, TLanes.Subtract(TLanes.Load(in Unsafe.Add(ref previous, j)), n)), TLanes.Multiply(z, TLanes.Subtract(one, z)));
            TLanes.Store(deltaR, ref Unsafe.Add(ref deltaIh, j));
            TLanes.Store(deltaZ, ref Unsafe.Add(ref deltaIh, hp + j));
            TLanes.Store(deltaN, ref Unsafe.Add(ref deltaIh, (2 * hp) + j));
            TLanes.Store(deltaR, ref Unsafe.Add(ref deltaHh, j));
            TLanes.Store(deltaZ, ref Unsafe.Add(ref deltaHh, hp + j));
            TLanes.Store(TLanes.Multiply(deltaN, r), ref Unsafe.Add(ref deltaHh, (2 * hp) + j));
            TLanes.Store(TLanes.Multiply(dh, z), ref Unsafe.Add(ref futureH, j));
        }
    }

    /// <summary>dc = dh·o·(1 − tanh²c') + the next step's dc; δi = dc·g·i(1 − i), δf = dc·c·f(1 − f), δg = dc·i·(1 − g²), δo = dh·tanh(c')·o(1 − o); f·dc flows back.</summary>
    private static void LstmDeltas<TVector, TLanes>(int hp, TVector outputDelta, ref float outWeight, ref float futureH, ref float futureC, ref float previous, ref float cache, ref float delta)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var one = TLanes.Create(1);
        for (var j = 0; j < hp; j += TLanes.Count)
        {
            var dh = StateDelta<TVector, TLanes>(outputDelta, ref outWeight, ref futureH, j);
            var i = TLanes.Load(in Unsafe.Add(ref cache, j));
            var f = TLanes.Load(in Unsafe.Add(ref cache, hp + j));
            var g = TLanes.Load(in Unsafe.Add(ref cache, (2 * hp) + j));
            var o = TLanes.Load(in Unsafe.Add(ref cache, (3 * hp) + j));
            var tc = TLanes.Load(in Unsafe.Add(ref cache, (4 * hp) + j));
            var dc = TLanes.MultiplyAdd(TLanes.Multiply(dh, o), TLanes.Subtract(one, TLanes.Multiply(tc, tc)), TLanes.Load(in Unsafe.Add(ref futureC, j)));
            var deltaI = TLanes.Multiply(TLanes.Multiply(dc, g), TLanes.Multiply(i, TLanes.Subtract(one, i)));
            var deltaF = TLanes.Multiply(TLanes.Multiply(dc, TLanes.Load(in Unsafe.Add(ref previous, hp + j))), TLanes.Multiply(f, TLanes.Subtract(one, f)));
            var deltaG = TLanes.Multiply(TLanes.Multiply(dc, i), TLanes.Subtract(one, TLanes.Multiply(g, g)));
            var deltaO = TLanes.Multiply(TLanes.Multiply(dh, tc), TLanes.Multiply(o, TLanes.Subtract(one, o)));
            TLanes.Store(deltaI, ref Unsafe.Add(ref delta, j));
            TLanes.Store(deltaF, ref Unsafe.Add(ref delta, hp + j));
            TLanes.Store(deltaG, ref Unsafe.Add(ref delta, (2 * hp) + j));
            TLanes.Store(deltaO, ref Unsafe.Add(ref delta, (3 * hp) + j));
            TLanes.Store(TLanes.Multiply(dc, f), ref Unsafe.Add(ref futureC, j));
            TLanes.Store(TLanes.Create(0), ref Unsafe.Add(ref futureH, j));
        }
    }

    /// <summary>δ = dh·(1 − h'²) for h' = tanh(a).</summary>
    private static void TanhDeltas<TVector, TLanes>(int hp, TVector outputDelta, ref float outWeight, ref float futureH, ref float current, ref float delta)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var one = TLanes.Create(1);
        for (var j = 0; j < hp; j += TLanes.Count)
        {
            var dh = StateDelta<TVector, TLanes>(outputDelta, ref outWeight, ref futureH, j);
            var after = TLanes.Load(in Unsafe.Add(ref current, j));
            TLanes.Store(TLanes.Multiply(dh, TLanes.Subtract(one, TLanes.Multiply(after, after))), ref Unsafe.Add(ref delta, j));
            TLanes.Store(TLanes.Create(0), ref Unsafe.Add(ref futureH, j));
        }
    }

    /// <summary>
    /// Every gradient vector summed over the steps, newest first, into <see cref="FastGatedUpdate.Update"/>: W_ih's
    /// columns and both biases per row vector, W_hhᵀ[k] = Σ_t h_{t−1}[k]·δhh_t for the real k (four row vectors at a
    /// time, a last block past the end clamped and summed again), out.weight = Σ_t δ_t·h_t and out.bias = Σ_t δ_t;
    /// then the optimizer runs over the whole buffer.
    /// </summary>
    private static void Apply<TVector, TLanes>(FastGatedUpdate u, int steps, FastOptimizerStep optimizer)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var h = u.Hidden;
        var hp = u.Padded;
        var rows = u.Rows;
        var s = u.StateSize;
        var width = TLanes.Count;
        var last = rows - width;
        ref var g = ref MemoryMarshal.GetArrayDataReference(u.Update);
        ref var deltaIh = ref MemoryMarshal.GetArrayDataReference(u.DeltaIh);
        ref var deltaHh = ref MemoryMarshal.GetArrayDataReference(u.DeltaHh);
        ref var state = ref MemoryMarshal.GetArrayDataReference(u.States);
        var gru = u.Cell == Cell.Gru;
        ref var a = ref MemoryMarshal.GetArrayDataReference(u.A);
        ref var b = ref MemoryMarshal.GetArrayDataReference(u.B);
        ref var outputDeltas = ref MemoryMarshal.GetArrayDataReference(u.OutputDeltas);
        ref var inputB = ref Unsafe.Add(ref g, u.InputB);
        ref var biasIh = ref Unsafe.Add(ref g, u.BiasIh);
        ref var biasHh = ref Unsafe.Add(ref g, u.BiasHh);
        ref var whT = ref Unsafe.Add(ref g, u.WeightHhT);
        ref var outWeight = ref Unsafe.Add(ref g, u.OutWeight);
        for (var j = 0; j < rows; j += width)
        {
            var sumA = TLanes.Create(0);
            var sumB = sumA;
            var sumIh = sumA;
            var sumHh = sumA;
            for (var t = steps - 1; t >= 0; t--)
            {
                var d = TLanes.Load(in Unsafe.Add(ref deltaIh, (t * rows) + j));
                sumA = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref a, t)), d, sumA);
                sumB = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref b, t)), d, sumB);
                sumIh = TLanes.Add(sumIh, d);
                if (gru)
                {
                    sumHh = TLanes.Add(sumHh, TLanes.Load(in Unsafe.Add(ref deltaHh, (t * rows) + j)));
                }
            }
            if (!gru)
            {
                sumHh = sumIh;
            }
            TLanes.Store(sumA, ref Unsafe.Add(ref g, FastGatedUpdate.InputA + j));
            TLanes.Store(sumB, ref Unsafe.Add(ref inputB, j));
            TLanes.Store(sumIh, ref Unsafe.Add(ref biasIh, j));
            TLanes.Store(sumHh, ref Unsafe.Add(ref biasHh, j));
        }
        // Two units k at a time (a second one past the end is clamped onto the last and sums it again); a zero
        // initial state adds nothing at step 0.
        var first = u.InitialHidden == 0 ? 1 : 0;
        for (var k = 0; k < h; k += 2)
        {
            var k1 = Math.Min(k + 1, h - 1);
            ref var row0 = ref Unsafe.Add(ref whT, k * rows);
            ref var row1 = ref Unsafe.Add(ref whT, k1 * rows);
            for (var block = 0; block < rows; block += 4 * width)
            {
                var j0 = block;
                var j1 = Math.Min(block + width, last);
                var j2 = Math.Min(block + (2 * width), last);
                var j3 = Math.Min(block + (3 * width), last);
                var a0 = TLanes.Create(0);
                var a1 = a0;
                var a2 = a0;
                var a3 = a0;
                var b0 = a0;
                var b1 = a0;
                var b2 = a0;
                var b3 = a0;
                for (var t = steps - 1; t >= first; t--)
                {
                    ref var before = ref Unsafe.Add(ref state, t * s);
                    var p = TLanes.Create(Unsafe.Add(ref before, k));
                    var q = TLanes.Create(Unsafe.Add(ref before, k1));
                    ref var delta = ref Unsafe.Add(ref deltaHh, t * rows);
                    var d0 = TLanes.Load(in Unsafe.Add(ref delta, j0));
                    var d1 = TLanes.Load(in Unsafe.Add(ref delta, j1));
                    var d2 = TLanes.Load(in Unsafe.Add(ref delta, j2));
                    var d3 = TLanes.Load(in Unsafe.Add(ref delta, j3));
                    a0 = TLanes.MultiplyAdd(p, d0, a0);
                    a1 = TLanes.MultiplyAdd(p, d1, a1);
                    a2 = TLanes.MultiplyAdd(p, d2, a2);
                    a3 = TLanes.MultiplyAdd(p, d3, a3);
                    b0 = TLanes.MultiplyAdd(q, d0, b0);
                    b1 = TLanes.MultiplyAdd(q, d1, b1);
                    b2 = TLanes.MultiplyAdd(q, d2, b2);
                    b3 = TLanes.MultiplyAdd(q, d3, b3);
                }
                TLanes.Store(a0, ref Unsafe.Add(ref row0, j0));
                TLanes.Store(a1, ref Unsafe.Add(ref row0, j1));
                TLanes.Store(a2, ref Unsafe.Add(ref row0, j2));
                TLanes.Store(a3, ref Unsafe.Add(ref row0, j3));
                TLanes.Store(b0, ref Unsafe.Add(ref row1, j0));
                TLanes.Store(b1, ref Unsafe.Add(ref row1, j1));
                TLanes.Store(b2, ref Unsafe.Add(ref row1, j2));
                TLanes.Store(b3, ref Unsafe.Add(ref row1, j3));
            }
        }
        var bias = 0f;
        for (var t = steps - 1; t >= 0; t--)
        {
            bias += Unsafe.Add(ref outputDeltas, t);
        }
        for (var j = 0; j < hp; j += width)
        {
            var sum = TLanes.Create(0);
            for (var t = steps - 1; t >= 0; t--)
            {
                sum = TLanes.MultiplyAdd(TLanes.Create(Unsafe.Add(ref outputDeltas, t)), TLanes.Load(in Unsafe.Add(ref state, ((t + 1) * s) + j)), sum);
            }
            TLanes.Store(sum, ref Unsafe.Add(ref outWeight, j));
        }
        // out.bias in lane 0 of its vector; the other lanes' gradients stay 0.
        Unsafe.Add(ref g, u.OutBias) = bias;
        optimizer.Run<TVector, TLanes>(u.Weights, u.First, u.Second, u.Update);
        RefreshRecurrent<TVector, TLanes>(u);
    }

    /// <summary><see cref="FastGatedUpdate.Recurrent"/> = (W_hhᵀ)ᵀ, in lanes×lanes blocks (rows and Hp are whole vectors).</summary>
    public static void RefreshRecurrent<TVector, TLanes>(FastGatedUpdate u)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var hp = u.Padded;
        var rows = u.Rows;
        var width = TLanes.Count;
        ref var whT = ref u.Weights[u.WeightHhT];
        ref var recurrent = ref MemoryMarshal.GetArrayDataReference(u.Recurrent);
        for (var k = 0; k < hp; k += width)
        {
            for (var row = 0; row < rows; row += width)
            {
                TLanes.TransposeBlock(ref Unsafe.Add(ref whT, (k * rows) + row), rows, ref Unsafe.Add(ref recurrent, (row * hp) + k), hp);
            }
        }
    }

    /// <summary>tanh x = 2σ(2x) − 1 (exactly 0 at 0, so padding units stay 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Tanh<TVector, TLanes>(TVector x)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector> =>
        TLanes.MultiplyAdd(TLanes.Create(2), TLanes.Sigmoid(TLanes.Add(x, x)), TLanes.Create(-1));
}
