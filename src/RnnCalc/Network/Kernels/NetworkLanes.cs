using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RnnCalc.Network.Kernels;

/// <summary>
/// One SGD update of the tutorial's cell for as many networks at once as a vector has lanes: lane l of every vector
/// is network l, so each lane performs exactly <see cref="Cells.SigmoidCell"/>'s forward and backward and
/// <see cref="Rnn.Apply"/>, operation for operation in the same order (separate multiplies and adds, numpy's exp
/// lane by lane): each network comes out bit for bit as if trained alone. Buffers hold value k of network l at
/// k·lanes + l; the weights in the network's flat order (input 2×H, output H, recurrent H×H).
/// </summary>
internal static class NetworkLanes
{
    /// <summary>
    /// Forward over <paramref name="steps"/> steps with inputs <paramref name="x0"/>, <paramref name="x1"/> and targets
    /// <paramref name="y"/> (steps, lanes), backward into <paramref name="update"/> (cleared here), then weights += update·α.
    /// <paramref name="states"/> is (steps+1, H, lanes); <paramref name="outputs"/>, <paramref name="deltas"/> (steps, lanes);
    /// <paramref name="error"/> (lanes) gets Σₜ |yₜ − outₜ|; <paramref name="scratch"/> is (2·H, lanes).
    /// </summary>
    public static void TrainStep<TVector, TLanes>(
        int hidden, int steps, double initialHidden, ExpKind exp, double learningRate,
        double[] weights, double[] update, double[] x0, double[] x1, double[] y,
        double[] states, double[] outputs, double[] deltas, double[] error, double[] scratch)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var h = hidden;
        var n = TLanes.Count;
        ref var w = ref MemoryMarshal.GetArrayDataReference(weights);
        ref var u = ref MemoryMarshal.GetArrayDataReference(update);
        ref var s = ref MemoryMarshal.GetArrayDataReference(states);
        ref var acc = ref MemoryMarshal.GetArrayDataReference(scratch);
        var input1 = h;
        var output = 2 * h;
        var recurrent = 3 * h;
        var one = TLanes.Create(1);

        // ---------------------------------------------------------------- forward
        var h0 = TLanes.Create(initialHidden);
        for (var j = 0; j < h; j++)
        {
            Store<TVector, TLanes>(h0, ref s, j * n);
        }
        var total = TLanes.Create(0);
        for (var t = 0; t < steps; t++)
        {
            var prev = t * h * n;
            var cur = (t + 1) * h * n;
            var a = TLanes.Load(in x0[t * n]);
            var b = TLanes.Load(in x1[t * n]);
            // fromHidden = Σ_i prev[i] · Wh[i, j], i in order; four units at a time keep four sums in flight  (H)
            var p0 = Load<TVector, TLanes>(ref s, prev);
            var j4 = 0;
            for (; j4 + 4 <= h; j4 += 4)
            {
                var s0 = TLanes.Multiply(p0, Load<TVector, TLanes>(ref w, (recurrent + j4) * n));
                var s1 = TLanes.Multiply(p0, Load<TVector, TLanes>(ref w, (recurrent + j4 + 1) * n));
                var s2 = TLanes.Multiply(p0, Load<TVector, TLanes>(ref w, (recurrent + j4 + 2) * n));
                var s3 = TLanes.Multiply(p0, Load<TVector, TLanes>(ref w, (recurrent + j4 + 3) * n));
                for (var i = 1; i < h; i++)
                {
                    var pi = Load<TVector, TLanes>(ref s, prev + (i * n));
                    var k = (recurrent + (i * h) + j4) * n;
                    s0 = TLanes.Add(s0, TLanes.Multiply(pi, Load<TVector, TLanes>(ref w, k)));
                    s1 = TLanes.Add(s1, TLanes.Multiply(pi, Load<TVector, TLanes>(ref w, k + n)));
                    s2 = TLanes.Add(s2, TLanes.Multiply(pi, Load<TVector, TLanes>(ref w, k + (2 * n))));
                    s3 = TLanes.Add(s3, TLanes.Multiply(pi, Load<TVector, TLanes>(ref w, k + (3 * n))));
                }
                Store<TVector, TLanes>(s0, ref acc, j4 * n);
                Store<TVector, TLanes>(s1, ref acc, (j4 + 1) * n);
                Store<TVector, TLanes>(s2, ref acc, (j4 + 2) * n);
                Store<TVector, TLanes>(s3, ref acc, (j4 + 3) * n);
            }
            for (var j = j4; j < h; j++)
            {
                var sum = TLanes.Multiply(p0, Load<TVector, TLanes>(ref w, (recurrent + j) * n));
                for (var i = 1; i < h; i++)
                {
                    sum = TLanes.Add(sum, TLanes.Multiply(Load<TVector, TLanes>(ref s, prev + (i * n)), Load<TVector, TLanes>(ref w, (recurrent + (i * h) + j) * n)));
                }
                Store<TVector, TLanes>(sum, ref acc, j * n);
            }
            // layer_1 = sigmoid(X·W0 + prev·Wh)                                                 (H)
            for (var j = 0; j < h; j++)
            {
                var fromInput = TLanes.Add(TLanes.Multiply(a, Load<TVector, TLanes>(ref w, j * n)), TLanes.Multiply(b, Load<TVector, TLanes>(ref w, (input1 + j) * n)));
                var z = TLanes.Add(fromInput, Load<TVector, TLanes>(ref acc, j * n));
                Store<TVector, TLanes>(VectorNumpyExp.Sigmoid<TVector, TLanes>(z, exp), ref s, cur + (j * n));
            }
            // layer_2 = sigmoid(layer_1 · W1)                                                   (1)
            var logit = TLanes.Multiply(Load<TVector, TLanes>(ref s, cur), Load<TVector, TLanes>(ref w, output * n));
            for (var j = 1; j < h; j++)
            {
                logit = TLanes.Add(logit, TLanes.Multiply(Load<TVector, TLanes>(ref s, cur + (j * n)), Load<TVector, TLanes>(ref w, (output + j) * n)));
            }
            var p = VectorNumpyExp.Sigmoid<TVector, TLanes>(logit, exp);
            // layer_2_error = y − layer_2; layer_2_delta = error · layer_2 · (1 − layer_2); overallError += |error|
            var outputError = TLanes.Subtract(TLanes.Load(in y[t * n]), p);
            TLanes.Store(p, ref outputs[t * n]);
            TLanes.Store(TLanes.Multiply(outputError, TLanes.Multiply(p, TLanes.Subtract(one, p))), ref deltas[t * n]);
            total = TLanes.Add(total, TLanes.Abs(outputError));
        }
        TLanes.Store(total, ref error[0]);

        // ---------------------------------------------------------------- backward
        Array.Clear(update);
        ref var delta = ref acc;
        ref var future = ref Unsafe.Add(ref acc, h * n);
        for (var j = 0; j < h; j++)
        {
            Store<TVector, TLanes>(TLanes.Create(0), ref future, j * n);
        }
        for (var t = steps - 1; t >= 0; t--)
        {
            var cur = (t + 1) * h * n;
            var prev = t * h * n;
            var outputDelta = TLanes.Load(in deltas[t * n]);
            var a = TLanes.Load(in x0[t * n]);
            var b = TLanes.Load(in x1[t * n]);
            for (var j = 0; j < h; j++)
            {
                // weight_1_update += layer_1.T · layer_2_delta                                    (H×1)
                var k = (output + j) * n;
                Store<TVector, TLanes>(TLanes.Add(Load<TVector, TLanes>(ref u, k), TLanes.Multiply(Load<TVector, TLanes>(ref s, cur + (j * n)), outputDelta)), ref u, k);
            }
            // hidden delta = (future_delta · Whᵀ + layer_2_delta · W1ᵀ) · layer_1 · (1 − layer_1)     (H)
            // back[i] = Σ_k future[k] · Wh[i, k], k in order; four units at a time keep four sums in flight
            var f0 = Load<TVector, TLanes>(ref future, 0);
            var i4 = 0;
            for (; i4 + 4 <= h; i4 += 4)
            {
                var r0 = (recurrent + (i4 * h)) * n;
                var rowStride = h * n;
                var b0 = TLanes.Multiply(f0, Load<TVector, TLanes>(ref w, r0));
                var b1 = TLanes.Multiply(f0, Load<TVector, TLanes>(ref w, r0 + rowStride));
                var b2 = TLanes.Multiply(f0, Load<TVector, TLanes>(ref w, r0 + (2 * rowStride)));
                var b3 = TLanes.Multiply(f0, Load<TVector, TLanes>(ref w, r0 + (3 * rowStride)));
                for (var k = 1; k < h; k++)
                {
                    var fk = Load<TVector, TLanes>(ref future, k * n);
                    var at = r0 + (k * n);
                    b0 = TLanes.Add(b0, TLanes.Multiply(fk, Load<TVector, TLanes>(ref w, at)));
                    b1 = TLanes.Add(b1, TLanes.Multiply(fk, Load<TVector, TLanes>(ref w, at + rowStride)));
                    b2 = TLanes.Add(b2, TLanes.Multiply(fk, Load<TVector, TLanes>(ref w, at + (2 * rowStride))));
                    b3 = TLanes.Add(b3, TLanes.Multiply(fk, Load<TVector, TLanes>(ref w, at + (3 * rowStride))));
                }
                HiddenDelta<TVector, TLanes>(b0, i4, h, n, cur, outputDelta, ref w, ref s, ref delta);
                HiddenDelta<TVector, TLanes>(b1, i4 + 1, h, n, cur, outputDelta, ref w, ref s, ref delta);
                HiddenDelta<TVector, TLanes>(b2, i4 + 2, h, n, cur, outputDelta, ref w, ref s, ref delta);
                HiddenDelta<TVector, TLanes>(b3, i4 + 3, h, n, cur, outputDelta, ref w, ref s, ref delta);
            }
            for (var i = i4; i < h; i++)
            {
                var row = recurrent + (i * h);
                var back = TLanes.Multiply(f0, Load<TVector, TLanes>(ref w, row * n));
                for (var k = 1; k < h; k++)
                {
                    back = TLanes.Add(back, TLanes.Multiply(Load<TVector, TLanes>(ref future, k * n), Load<TVector, TLanes>(ref w, (row + k) * n)));
                }
                HiddenDelta<TVector, TLanes>(back, i, h, n, cur, outputDelta, ref w, ref s, ref delta);
            }
            for (var i = 0; i < h; i++)
            {
                // weight_h_update += prev_layer_1.T · layer_1_delta                               (H×H)
                var pi = Load<TVector, TLanes>(ref s, prev + (i * n));
                var row = recurrent + (i * h);
                for (var j = 0; j < h; j++)
                {
                    var k = (row + j) * n;
                    Store<TVector, TLanes>(TLanes.Add(Load<TVector, TLanes>(ref u, k), TLanes.Multiply(pi, Load<TVector, TLanes>(ref delta, j * n))), ref u, k);
                }
            }
            for (var j = 0; j < h; j++)
            {
                // weight_0_update += X.T · layer_1_delta                                          (2×H)
                var dj = Load<TVector, TLanes>(ref delta, j * n);
                var k0 = j * n;
                var k1 = (input1 + j) * n;
                Store<TVector, TLanes>(TLanes.Add(Load<TVector, TLanes>(ref u, k0), TLanes.Multiply(a, dj)), ref u, k0);
                Store<TVector, TLanes>(TLanes.Add(Load<TVector, TLanes>(ref u, k1), TLanes.Multiply(b, dj)), ref u, k1);
                Store<TVector, TLanes>(dj, ref future, j * n);
            }
        }

        // ---------------------------------------------------------------- weight += update · α
        var rate = TLanes.Create(learningRate);
        for (var k = 0; k < weights.Length; k += n)
        {
            Store<TVector, TLanes>(TLanes.Add(Load<TVector, TLanes>(ref w, k), TLanes.Multiply(Load<TVector, TLanes>(ref u, k), rate)), ref w, k);
        }
    }

    /// <summary>delta[i] = (back + layer_2_delta · W1[i]) · s · (1 − s), s = layer_1[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HiddenDelta<TVector, TLanes>(TVector back, int i, int h, int n, int cur, TVector outputDelta, ref double w, ref double s, ref double delta)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var si = Load<TVector, TLanes>(ref s, cur + (i * n));
        var fromOutput = TLanes.Multiply(outputDelta, Load<TVector, TLanes>(ref w, ((2 * h) + i) * n));
        Store<TVector, TLanes>(TLanes.Multiply(TLanes.Add(back, fromOutput), TLanes.Multiply(si, TLanes.Subtract(TLanes.Create(1), si))), ref delta, i * n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Load<TVector, TLanes>(ref double start, int offset)
        where TVector : struct
        where TLanes : struct, ILanes<TVector> => TLanes.Load(in Unsafe.Add(ref start, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TVector, TLanes>(TVector value, ref double start, int offset)
        where TVector : struct
        where TLanes : struct, ILanes<TVector> => TLanes.Store(value, ref Unsafe.Add(ref start, offset));
}
