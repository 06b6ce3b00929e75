namespace RnnCalc.Training;

/// <summary>Adam on the gradient g = −update: m, s moving averages with bias correction.</summary>
public sealed class AdamOptimizer : Optimizer
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    private readonly double[] _mean;
    private readonly double[] _square;

    public AdamOptimizer(int weightCount)
        : base(weightCount)
    {
        _mean = new double[weightCount];
        _square = new double[weightCount];
        State = new Dictionary<string, double[]> { ["mean"] = _mean, ["square"] = _square };
    }

    public override OptimizerKind Kind => OptimizerKind.Adam;

    public override IReadOnlyDictionary<string, double[]> State { get; }

    protected override bool WouldStayBounded(double[] weights, double[] update, double learningRate)
    {
        var (c1, c2) = Corrections(Steps + 1);
        for (var i = 0; i < weights.Length; i++)
        {
            var (m, s, step) = Next(update[i], i, c1, c2, learningRate);
            if (!double.IsFinite(m) || !double.IsFinite(s) || !Bounded(weights[i] - step))
            {
                return false;
            }
        }
        return true;
    }

    protected override void Write(double[] weights, double[] update, double learningRate)
    {
        // Steps was already advanced by TryApply, so this is update number Steps.
        var (c1, c2) = Corrections(Steps);
        for (var i = 0; i < weights.Length; i++)
        {
            var (m, s, step) = Next(update[i], i, c1, c2, learningRate);
            _mean[i] = m;
            _square[i] = s;
            weights[i] -= step;
        }
    }

    private (double Mean, double Square, double Step) Next(double update, int k, double c1, double c2, double learningRate)
    {
        var g = -update;
        var m = (Beta1 * _mean[k]) + ((1 - Beta1) * g);
        var s = (Beta2 * _square[k]) + ((1 - Beta2) * g * g);
        return (m, s, learningRate * (m / c1) / (Math.Sqrt(s / c2) + Epsilon));
    }

    private static (double, double) Corrections(long step) => (1 - Math.Pow(Beta1, step), 1 - Math.Pow(Beta2, step));
}
