namespace RnnCalc.Training;

/// <summary>Heavy-ball momentum: v = μ·v + update, weight += α·v.</summary>
internal sealed class MomentumOptimizer : Optimizer
{
    public const double Mu = 0.9;

    private readonly double[] _velocity;

    public MomentumOptimizer(int weightCount)
        : base(weightCount)
    {
        _velocity = new double[weightCount];
        State = new Dictionary<string, double[]> { ["velocity"] = _velocity };
    }

    public override OptimizerKind Kind => OptimizerKind.Momentum;

    public override IReadOnlyDictionary<string, double[]> State { get; }

    protected override bool WouldStayBounded(double[] weights, double[] update, double learningRate)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            var v = (Mu * _velocity[i]) + update[i];
            if (!double.IsFinite(v) || !Bounded(weights[i] + (learningRate * v)))
            {
                return false;
            }
        }
        return true;
    }

    protected override void Write(double[] weights, double[] update, double learningRate)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            var v = (Mu * _velocity[i]) + update[i];
            _velocity[i] = v;
            weights[i] += learningRate * v;
        }
    }
}
