using RnnCalc.Network;

namespace RnnCalc.Training;

/// <summary>
/// Applies an update (minus the gradient) to the weights. Every weight's new value is computed before any is
/// written, so an update that would push a weight past ±<see cref="MaxWeight"/> (or make it NaN) changes nothing
/// and reports divergence.
/// </summary>
internal abstract class Optimizer
{
    protected Optimizer(int weightCount) => WeightCount = weightCount;

    /// <summary>The bound a weight may not pass (<see cref="MaxWeight"/>; tests lower it to make divergence happen).</summary>
    public double WeightLimit { get; init; } = MaxWeight;

    /// <summary>
    /// Beyond this a sigmoid unit is a hard step for every input, its gradient is exactly 0 and training is dead:
    /// treated as divergence. Healthy runs stay below 100.
    /// </summary>
    public const double MaxWeight = 1e8;

    public int WeightCount { get; }

    public abstract OptimizerKind Kind { get; }

    /// <summary>Updates applied so far (Adam's bias correction needs it).</summary>
    public long Steps { get; protected set; }

    /// <summary>An optimizer for a network of <paramref name="weightCount"/> weights (its flat buffer's length).</summary>
    public static Optimizer Create(OptimizerKind kind, int weightCount, double weightLimit = MaxWeight)
    {
        var count = weightCount;
        return kind switch
        {
            OptimizerKind.Momentum => new MomentumOptimizer(count) { WeightLimit = weightLimit },
            OptimizerKind.Adam => new AdamOptimizer(count) { WeightLimit = weightLimit },
            _ => new SgdOptimizer(count) { WeightLimit = weightLimit },
        };
    }

    /// <summary>Applies the update; false (and nothing changed) if any weight would leave ±<see cref="MaxWeight"/>.</summary>
    public bool TryApply(RecurrentNetwork network, Gradient update, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(update);
        // One loop over the flat buffer (for the tutorial's cell: weight_0, weight_1, weight_h, its order).
        if (network.Weights.Length != WeightCount || update.Values.Length != WeightCount)
        {
            throw new ArgumentException($"The optimizer is for {WeightCount} weights, the network has {network.Weights.Length}.", nameof(network));
        }
        if (!WouldStayBounded(network.Weights, update.Values, learningRate))
        {
            return false;
        }
        Steps++;
        Write(network.Weights, update.Values, learningRate);
        return true;
    }

    /// <summary>Named state buffers (for checkpoints); empty for plain SGD.</summary>
    public abstract IReadOnlyDictionary<string, double[]> State { get; }

    /// <summary>Restores state saved from <see cref="State"/> and <see cref="Steps"/>.</summary>
    public void Restore(long steps, IReadOnlyDictionary<string, double[]> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (name, buffer) in State)
        {
            if (!state.TryGetValue(name, out var saved) || saved.Length != buffer.Length)
            {
                throw new ArgumentException($"optimizer state '{name}' is missing or has the wrong length", nameof(state));
            }
            saved.CopyTo(buffer, 0);
        }
        Steps = steps;
    }

    /// <summary>True for a finite weight within ±<see cref="MaxWeight"/> (NaN fails too).</summary>
    protected bool Bounded(double weight) => Math.Abs(weight) <= WeightLimit;

    /// <summary>Whether every new weight would stay bounded (reads state, changes nothing).</summary>
    protected abstract bool WouldStayBounded(double[] weights, double[] update, double learningRate);

    /// <summary>Writes the new weights and state.</summary>
    protected abstract void Write(double[] weights, double[] update, double learningRate);
}
