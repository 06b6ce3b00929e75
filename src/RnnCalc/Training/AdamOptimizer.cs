using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RnnCalc.Training;

/// <summary>
/// Adam on the gradient g = −update, exactly as PyTorch's <c>torch.optim.Adam</c> steps a float64 tensor on the CPU
/// (its single-tensor path; tests/Fixtures/Adam holds its steps, and AdamOptimizerTests asks for them bit for bit):
/// <code>
/// m ← fma(g, 1 − β1, β1·m)                    exp_avg.mul_(β1).add_(g, alpha=1 − β1)
/// s ← fma((1 − β2)·g, g, β2·s)                exp_avg_sq.mul_(β2).addcmul_(g, g, value=1 − β2)
/// denom = √s / √(1 − β2^t) + ε                (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
/// w ← w + (−α/(1 − β1^t))·m / denom          param.addcdiv_(exp_avg, denom, value=−step_size)
/// </code>
/// One square root and two divisions per weight (the bias corrections are scalars, once per update). Vectorised
/// with the same operations in the same order as the scalar <see cref="Next"/> (fused multiply-adds, IEEE division
/// and square root round exactly in every lane), so every weight comes out bit for bit as from the scalar loop. Each
/// update is computed once: the bounds check writes the new weights, m and s into spare buffers, and
/// <see cref="Write"/> swaps the moments' buffers in and copies the weights.
/// </summary>
internal sealed class AdamOptimizer : Optimizer
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    private double[] _mean;
    private double[] _square;

    // The new weights, m and s of the last bounds check, which Write takes (TryApply always checks right before it writes).
    private readonly double[] _pending;
    private double[] _pendingMean;
    private double[] _pendingSquare;

    public AdamOptimizer(int weightCount)
        : base(weightCount)
    {
        _mean = new double[weightCount];
        _square = new double[weightCount];
        _pending = new double[weightCount];
        _pendingMean = new double[weightCount];
        _pendingSquare = new double[weightCount];
    }

    public override OptimizerKind Kind => OptimizerKind.Adam;

    /// <summary>The buffers m and s as they are now (a new dictionary each time: Write swaps the buffers).</summary>
    public override IReadOnlyDictionary<string, double[]> State => new Dictionary<string, double[]> { ["mean"] = _mean, ["square"] = _square };

    protected override bool WouldStayBounded(double[] weights, double[] update, double learningRate)
    {
        var (stepSize, correction2Sqrt) = Corrections(Steps + 1, learningRate);
        var count = weights.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && count >= Vector<double>.Count)
        {
            var finite = new Vector<double>(double.MaxValue);
            var limit = new Vector<double>(WeightLimit);
            var minusStep = new Vector<double>(-stepSize);
            var root = new Vector<double>(correction2Sqrt);
            ref var w = ref MemoryMarshal.GetArrayDataReference(weights);
            ref var u = ref MemoryMarshal.GetArrayDataReference(update);
            ref var mean = ref MemoryMarshal.GetArrayDataReference(_mean);
            ref var square = ref MemoryMarshal.GetArrayDataReference(_square);
            ref var pending = ref MemoryMarshal.GetArrayDataReference(_pending);
            ref var pendingMean = ref MemoryMarshal.GetArrayDataReference(_pendingMean);
            ref var pendingSquare = ref MemoryMarshal.GetArrayDataReference(_pendingSquare);
            for (; i <= count - Vector<double>.Count; i += Vector<double>.Count)
            {
                var (m, s) = Moments(Vector.LoadUnsafe(ref u, (nuint)i), Vector.LoadUnsafe(ref mean, (nuint)i), Vector.LoadUnsafe(ref square, (nuint)i));
                var denominator = (Vector.SquareRoot(s) / root) + new Vector<double>(Epsilon);
                var next = Vector.LoadUnsafe(ref w, (nuint)i) + (minusStep * m / denominator);
                // NaN fails every comparison, as it should.
                if (!Vector.LessThanOrEqualAll(Vector.Abs(m), finite) || !Vector.LessThanOrEqualAll(Vector.Abs(s), finite) || !Vector.LessThanOrEqualAll(Vector.Abs(next), limit))
                {
                    return false;
                }
                next.StoreUnsafe(ref pending, (nuint)i);
                m.StoreUnsafe(ref pendingMean, (nuint)i);
                s.StoreUnsafe(ref pendingSquare, (nuint)i);
            }
        }
        for (; i < count; i++)
        {
            var (m, s, next) = Next(weights[i], update[i], i, stepSize, correction2Sqrt);
            (_pending[i], _pendingMean[i], _pendingSquare[i]) = (next, m, s);
            if (!double.IsFinite(m) || !double.IsFinite(s) || !Bounded(next))
            {
                return false;
            }
        }
        return true;
    }

    protected override void Write(double[] weights, double[] update, double learningRate)
    {
        // The check computed everything; the moments' spare buffers become the current ones.
        (_mean, _pendingMean) = (_pendingMean, _mean);
        (_square, _pendingSquare) = (_pendingSquare, _square);
        _pending.CopyTo(weights, 0);
    }

    /// <summary>The scalar specification of one weight's step (PyTorch's, above); the vector loops are the same operations lane by lane.</summary>
    private (double Mean, double Square, double Weight) Next(double weight, double update, int k, double stepSize, double correction2Sqrt)
    {
        var (m, s) = Moments(update, _mean[k], _square[k]);
        var denominator = (Math.Sqrt(s) / correction2Sqrt) + Epsilon;
        return (m, s, weight + (-stepSize * m / denominator));
    }

    private static (double Mean, double Square) Moments(double update, double mean, double square)
    {
        var g = -update;
        return (Math.FusedMultiplyAdd(g, 1 - Beta1, Beta1 * mean), Math.FusedMultiplyAdd((1 - Beta2) * g, g, Beta2 * square));
    }

    /// <summary>m and s of <see cref="Next"/> for a vector of weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<double> Mean, Vector<double> Square) Moments(Vector<double> update, Vector<double> mean, Vector<double> square)
    {
        var g = -update;
        return (Vector.FusedMultiplyAdd(g, new Vector<double>(1 - Beta1), Beta1 * mean), Vector.FusedMultiplyAdd((1 - Beta2) * g, g, Beta2 * square));
    }

    /// <summary>PyTorch's step_size = α/(1 − β1^t) and bias_correction2_sqrt = √(1 − β2^t) for update t (1 on).</summary>
    private static (double StepSize, double Correction2Sqrt) Corrections(long step, double learningRate) =>
        (learningRate / (1 - Math.Pow(Beta1, step)), Math.Sqrt(1 - Math.Pow(Beta2, step)));
}
