namespace RnnCalc.Training;

/// <summary>How an update becomes a weight change.</summary>
public enum OptimizerKind
{
    /// <summary>The tutorial's: weight += update · α.</summary>
    Sgd,

    /// <summary>Heavy-ball momentum: v = μ·v + update; weight += α·v (μ = 0.9).</summary>
    Momentum,

    /// <summary>Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) on the gradient (= −update).</summary>
    Adam,
}
