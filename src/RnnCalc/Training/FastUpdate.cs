using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Training.Settings;

namespace RnnCalc.Training;

/// <summary>
/// The --fast step, a strategy behind <see cref="Trainer"/>: one update in single precision on a float copy of the
/// network, not bit-exact (<see cref="FastSigmoidUpdate"/> for the tutorial's cell, <see cref="FastGatedUpdate"/> for
/// PyTorch's tanh, GRU and LSTM). The trainer draws the problems, counts and checks; checks run on the double network
/// that <see cref="CopyTo"/> brings up to date.
/// </summary>
internal abstract class FastUpdate
{
    /// <summary>
    /// The settings of <paramref name="config"/> the fast step cannot train, empty when it can: it trains batch 1
    /// without clipping or proofs, the tutorial's cell with plain SGD, the PyTorch cells with any optimizer.
    /// </summary>
    public static IReadOnlyList<TrainingSetting> Refusals(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var refused = new List<TrainingSetting>();
        if (config.Cell == Cell.Sigmoid && config.Optimizer != OptimizerKind.Sgd)
        {
            refused.Add(TrainingSettings.Optimizer);
        }
        if (config.Batch != 1)
        {
            refused.Add(TrainingSettings.Batch);
        }
        if (config.Clip is not null)
        {
            refused.Add(TrainingSettings.Clip);
        }
        if (config.UntilProven)
        {
            refused.Add(TrainingSettings.UntilProven);
        }
        return refused;
    }

    /// <summary>The fast step for <paramref name="initial"/> (the network as initialised) trained with <paramref name="config"/>.</summary>
    public static FastUpdate Create(RecurrentNetwork initial, TrainingConfig config, int steps)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(config);
        return initial.Cell == Cell.Sigmoid
            ? new FastSigmoidUpdate(initial, steps, config.LearningRate)
            : new FastGatedUpdate(initial, config.Optimizer, config.LearningRate, steps);
    }

    /// <summary>Learns from one problem of <paramref name="steps"/> bits; returns its summed error Σ|y − p|. Predicted bits are in <see cref="EmittedBit"/>.</summary>
    public abstract double Learn(Problem problem, int steps);

    /// <summary>The bit the last <see cref="Learn"/> predicted at a step (before it learned).</summary>
    public abstract byte EmittedBit(int step);

    /// <summary>True when every output delta of the last <see cref="Learn"/> is within <see cref="Trainer.SaturatedDelta"/> of 0.</summary>
    public abstract bool Saturated(int steps);

    /// <summary>True when |values[t]| ≤ bound for every t &lt; steps.</summary>
    private protected static bool AllWithin(float[] values, int steps, double bound)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var t = 0; t < steps; t++)
        {
            if (Math.Abs(values[t]) > bound)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Writes the float weights, widened to double, into a network of the same cell and size (no allocation).</summary>
    public abstract void CopyTo(RecurrentNetwork network);
}
