namespace RnnCalc.Training;

/// <summary>The tutorial's step, weight += update · α, in its exact arithmetic.</summary>
internal sealed class SgdOptimizer(int weightCount) : Optimizer(weightCount)
{
    public override OptimizerKind Kind => OptimizerKind.Sgd;

    public override IReadOnlyDictionary<string, double[]> State { get; } = new Dictionary<string, double[]>();

    protected override bool WouldStayBounded(double[] weights, double[] update, double learningRate)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            if (!Bounded(weights[i] + (update[i] * learningRate)))
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
            weights[i] += update[i] * learningRate;
        }
    }
}
