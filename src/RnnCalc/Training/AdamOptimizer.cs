using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RnnCalc.Training;

/// <summary>
/// Adam on the gradient g = −update: m, s moving averages with bias correction. Vectorised with the same operations
/// in the same order as the scalar formula in <see cref="Next"/> (IEEE division and square root round exactly in
/// every lane), so every weight comes out bit for bit as from the scalar loop. The divisions and square root run
/// once per update: the bounds check keeps the new weights it computed, and <see cref="Write"/> stores them.
/// </summary>
internal sealed class AdamOptimizer : Optimizer
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    private readonly double[] _mean;
    private readonly double[] _square;

    // The new weights of the last bounds check, which Write stores (TryApply always checks right before it writes).
    private readonly double[] _pending;

    public AdamOptimizer(int weightCount)
        : base(weightCount)
    {
        _mean = new double[weightCount];
        _square = new double[weightCount];
        _pending = new double[weightCount];
        State = new Dictionary<string, double[]> { ["mean"] = _mean, ["square"] = _square };
    }

    public override OptimizerKind Kind => OptimizerKind.Adam;

    public override IReadOnlyDictionary<string, double[]> State { get; }

    protected override bool WouldStayBounded(double[] weights, double[] update, double learningRate)
    {
        var (c1, c2) = Corrections(Steps + 1);
        var count = weights.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && count >= Vector<double>.Count)
        {
            var finite = new Vector<double>(double.MaxValue);
            var limit = new Vector<double>(WeightLimit);
            ref var w = ref MemoryMarshal.GetArrayDataReference(weights);
            ref var u = ref MemoryMarshal.GetArrayDataReference(update);
            ref var mean = ref MemoryMarshal.GetArrayDataReference(_mean);
            ref var square = ref MemoryMarshal.GetArrayDataReference(_square);
            ref var pending = ref MemoryMarshal.GetArrayDataReference(_pending);
            for (; i <= count - Vector<double>.Count; i += Vector<double>.Count)
            {
                var (m, s) = Moments(Vector.LoadUnsafe(ref u, (nuint)i), Vector.LoadUnsafe(ref mean, (nuint)i), Vector.LoadUnsafe(ref square, (nuint)i));
                var next = Vector.LoadUnsafe(ref w, (nuint)i) - (learningRate * (m / c1) / (Vector.SquareRoot(s / c2) + new Vector<double>(Epsilon)));
                // NaN fails every comparison, as it should.
                if (!Vector.LessThanOrEqualAll(Vector.Abs(m), finite) || !Vector.LessThanOrEqualAll(Vector.Abs(s), finite) || !Vector.LessThanOrEqualAll(Vector.Abs(next), limit))
                {
                    return false;
                }
                next.StoreUnsafe(ref pending, (nuint)i);
            }
        }
        for (; i < count; i++)
        {
            var (m, s, step) = Next(update[i], i, c1, c2, learningRate);
            _pending[i] = weights[i] - step;
            if (!double.IsFinite(m) || !double.IsFinite(s) || !Bounded(_pending[i]))
            {
                return false;
            }
        }
        return true;
    }

    protected override void Write(double[] weights, double[] update, double learningRate)
    {
        // The moments again (multiplies and adds only, so the same values), and the weights the check computed.
        var count = weights.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && count >= Vector<double>.Count)
        {
            ref var u = ref MemoryMarshal.GetArrayDataReference(update);
            ref var mean = ref MemoryMarshal.GetArrayDataReference(_mean);
            ref var square = ref MemoryMarshal.GetArrayDataReference(_square);
            for (; i <= count - Vector<double>.Count; i += Vector<double>.Count)
            {
                var (m, s) = Moments(Vector.LoadUnsafe(ref u, (nuint)i), Vector.LoadUnsafe(ref mean, (nuint)i), Vector.LoadUnsafe(ref square, (nuint)i));
                m.StoreUnsafe(ref mean, (nuint)i);
                s.StoreUnsafe(ref square, (nuint)i);
            }
        }
        for (; i < count; i++)
        {
            (_mean[i], _square[i]) = Moments(update[i], _mean[i], _square[i]);
        }
        _pending.CopyTo(weights, 0);
    }

    /// <summary>The scalar specification of one weight's step; the vector loops are the same operations lane by lane.</summary>
    private (double Mean, double Square, double Step) Next(double update, int k, double c1, double c2, double learningRate)
    {
        var (m, s) = Moments(update, _mean[k], _square[k]);
        return (m, s, learningRate * (m / c1) / (Math.Sqrt(s / c2) + Epsilon));
    }

    private static (double Mean, double Square) Moments(double update, double mean, double square)
    {
        var g = -update;
        return ((Beta1 * mean) + ((1 - Beta1) * g), (Beta2 * square) + ((1 - Beta2) * g * g));
    }

    /// <summary>m and s of <see cref="Next"/> for a vector of weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<double> Mean, Vector<double> Square) Moments(Vector<double> update, Vector<double> mean, Vector<double> square)
    {
        var g = -update;
        return ((Beta1 * mean) + ((1 - Beta1) * g), (Beta2 * square) + ((1 - Beta2) * g * g));
    }

    private static (double, double) Corrections(long step) => (1 - Math.Pow(Beta1, step), 1 - Math.Pow(Beta2, step));
}
