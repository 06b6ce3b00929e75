using RnnCalc.Network;
using RnnCalc.Network.Kernels;
using RnnCalc.Random;

namespace RnnCalc.Training;

/// <summary>
/// The tutorial's loop stripped to draw, encode, update — no bookkeeping — for measuring the kernels alone.
/// Both give the tutorial's weights bit for bit; <see cref="Trainer"/> is what training commands use.
/// </summary>
public static class PlainSgd
{
    /// <summary>The fused exact SIMD kernel.</summary>
    public static RecurrentNetwork Exact(TrainingConfig config, int updates) =>
        Run(config, updates, (network, sequence, run, _) => ExactKernels.TrainStep(network, sequence, run, config.LearningRate));

    /// <summary>The scalar reference pair (<see cref="Rnn"/>), the readable specification the kernels are tested against.</summary>
    public static RecurrentNetwork Scalar(TrainingConfig config, int updates) =>
        Run(config, updates, (network, sequence, run, update) =>
        {
            Rnn.Forward(network, sequence, run);
            Rnn.Backward(network, sequence, run, update);
            Rnn.Apply(network, update, config.LearningRate);
            update.Clear();
        });

    private static RecurrentNetwork Run(TrainingConfig config, int updates, Action<RecurrentNetwork, BitSequence, Unrolling, Gradient> step)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = config.Problems;
        var random = new NumpyRandom(config.Seed);
        var network = RecurrentNetwork.Initialize(config.Cell, random, config.Hidden, config.EffectiveInitScale, config.EffectiveInitialHidden, config.Exp);
        var sequence = new BitSequence(problems.Steps);
        var run = network.NewUnrolling(problems.Steps);
        var update = network.NewGradient();
        for (var u = 0; u < updates; u++)
        {
            problems.Encode(problems.Draw(random), sequence);
            step(network, sequence, run, update);
        }
        return network;
    }
}
