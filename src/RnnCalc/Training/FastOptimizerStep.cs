using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Training;

/// <summary>
/// One update's optimizer step in single precision for the --fast PyTorch cells, run over the whole buffer once the
/// update u (= −gradient, the tutorial's sign) is summed. The same rules as <see cref="SgdOptimizer"/>,
/// <see cref="MomentumOptimizer"/> and <see cref="AdamOptimizer"/>, rounded as floats:
/// <code>
/// sgd        w ← w + α·u
/// momentum   v ← μ·v + u;  w ← w + α·v
/// adam       g = −u;  m ← β1·m + (1 − β1)·g;  s ← β2·s + (1 − β2)·g²
///            w ← w − (α/(1 − β1^t))·m / (√s/√(1 − β2^t) + ε)
/// </code>
/// The bias corrections are computed once per update in double, from running powers of β1 and β2.
/// </summary>
internal readonly struct FastOptimizerStep
{
    private readonly OptimizerKind _kind;
    private readonly float _rate;
    private readonly float _inverseCorrection2Sqrt;

    private FastOptimizerStep(OptimizerKind kind, float rate, float inverseCorrection2Sqrt)
    {
        _kind = kind;
        _rate = rate;
        _inverseCorrection2Sqrt = inverseCorrection2Sqrt;
    }

    /// <summary>The step of update t, given β1^t and β2^t (Adam's bias corrections; the others ignore them).</summary>
    public static FastOptimizerStep For(OptimizerKind kind, double learningRate, double beta1Power, double beta2Power) =>
        kind == OptimizerKind.Adam
            ? new(kind, (float)(-learningRate / (1 - beta1Power)), (float)(1 / Math.Sqrt(1 - beta2Power)))
            : new(kind, (float)learningRate, 1);

    /// <summary>Applies <paramref name="update"/> to <paramref name="weights"/> (a whole number of vectors), with the optimizer's buffers at the same offsets.</summary>
    public void Run<TVector, TLanes>(float[] weights, float[] first, float[] second, float[] update)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var count = weights.Length;
        var width = TLanes.Count;
        ref var w = ref MemoryMarshal.GetArrayDataReference(weights);
        ref var m = ref MemoryMarshal.GetArrayDataReference(first);
        ref var s = ref MemoryMarshal.GetArrayDataReference(second);
        ref var u = ref MemoryMarshal.GetArrayDataReference(update);
        var rate = TLanes.Create(_rate);
        switch (_kind)
        {
            case OptimizerKind.Adam:
                {
                    var beta1 = TLanes.Create((float)AdamOptimizer.Beta1);
                    var beta2 = TLanes.Create((float)AdamOptimizer.Beta2);
                    var oneMinusBeta1 = TLanes.Create(1 - (float)AdamOptimizer.Beta1);
                    var oneMinusBeta2 = TLanes.Create(1 - (float)AdamOptimizer.Beta2);
                    var root = TLanes.Create(_inverseCorrection2Sqrt);
                    var epsilon = TLanes.Create((float)AdamOptimizer.Epsilon);
                    var zero = TLanes.Create(0);
                    for (var i = 0; i < count; i += width)
                    {
                        var g = TLanes.Subtract(zero, TLanes.Load(in Unsafe.Add(ref u, i)));
                        var mean = TLanes.MultiplyAdd(g, oneMinusBeta1, TLanes.Multiply(beta1, TLanes.Load(in Unsafe.Add(ref m, i))));
                        var square = TLanes.MultiplyAdd(TLanes.Multiply(oneMinusBeta2, g), g, TLanes.Multiply(beta2, TLanes.Load(in Unsafe.Add(ref s, i))));
                        var denominator = TLanes.MultiplyAdd(TLanes.SquareRoot(square), root, epsilon);
                        TLanes.Store(mean, ref Unsafe.Add(ref m, i));
                        TLanes.Store(square, ref Unsafe.Add(ref s, i));
                        TLanes.Store(TLanes.MultiplyAdd(rate, TLanes.Divide(mean, denominator), TLanes.Load(in Unsafe.Add(ref w, i))), ref Unsafe.Add(ref w, i));
                    }
                    break;
                }
            case OptimizerKind.Momentum:
                {
                    var mu = TLanes.Create((float)MomentumOptimizer.Mu);
                    for (var i = 0; i < count; i += width)
                    {
                        var velocity = TLanes.MultiplyAdd(mu, TLanes.Load(in Unsafe.Add(ref m, i)), TLanes.Load(in Unsafe.Add(ref u, i)));
                        TLanes.Store(velocity, ref Unsafe.Add(ref m, i));
                        TLanes.Store(TLanes.MultiplyAdd(rate, velocity, TLanes.Load(in Unsafe.Add(ref w, i))), ref Unsafe.Add(ref w, i));
                    }
                    break;
                }
            default:
                for (var i = 0; i < count; i += width)
                {
                    TLanes.Store(TLanes.MultiplyAdd(rate, TLanes.Load(in Unsafe.Add(ref u, i)), TLanes.Load(in Unsafe.Add(ref w, i))), ref Unsafe.Add(ref w, i));
                }
                break;
        }
    }
}
