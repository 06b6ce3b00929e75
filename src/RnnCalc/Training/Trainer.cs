using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Random;

namespace RnnCalc.Training;

/// <summary>
/// The tutorial's training loop, one update at a time: draw a problem, forward, backpropagate through time,
/// apply the update. All buffers are allocated once, so <see cref="Step"/> allocates nothing.
/// </summary>
public sealed class Trainer
{
    private readonly NumpyRandom _random;
    private readonly ProblemSet _problems;
    private readonly BitSequence _sequence;
    private readonly Unrolling _run;
    private readonly Gradient _update;

    public Trainer(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _random = new NumpyRandom(config.Seed);
        _problems = config.Problems;
        Network = RecurrentNetwork.Initialize(_random, config.Hidden, config.InitScale, config.InitialHidden, config.Exp);
        _sequence = new BitSequence(_problems.Steps);
        _run = new Unrolling(config.Hidden, _problems.Steps);
        _update = new Gradient(config.Hidden);
    }

    public TrainingConfig Config { get; }

    public RecurrentNetwork Network { get; }

    /// <summary>Updates applied so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The summed absolute error of the last update's example (the tutorial's overallError).</summary>
    public double LastError => _run.Error;

    public Problem LastProblem { get; private set; }

    /// <summary>One update, exactly the tutorial's: draw, forward, backward, weight += update · α.</summary>
    public void Step()
    {
        var problem = _problems.Draw(_random);
        _problems.Encode(problem, _sequence);
        Rnn.Forward(Network, _sequence, _run);
        Rnn.Backward(Network, _sequence, _run, _update);
        Rnn.Apply(Network, _update, Config.LearningRate);
        _update.Clear();
        LastProblem = problem;
        Updates++;
    }

    /// <summary>
    /// Runs the remaining updates up to <see cref="TrainingConfig.Iterations"/>, reporting every PrintEvery-th update
    /// (0, PrintEvery, 2·PrintEvery, … as the tutorial's <c>j % 800 == 0</c>) and ticking every 1,024 updates.
    /// </summary>
    public TrainedModel Run(Action<TrainingProgress>? onProgress = null, Action<long>? onTick = null, CancellationToken cancellation = default)
    {
        while (Updates < Config.Iterations && !cancellation.IsCancellationRequested)
        {
            Step();
            var j = Updates - 1;
            if (onProgress is not null && j % Config.PrintEvery == 0)
            {
                onProgress(Progress());
            }
            if (onTick is not null && (Updates & 1023) == 0)
            {
                onTick(Updates);
            }
        }
        return Model();
    }

    /// <summary>The network as trained so far, with its settings and summary (a snapshot: later updates do not change it).</summary>
    public TrainedModel Model() => new(Config, Network.Clone(), new TrainingSummary(Updates, Updates == 0 ? double.NaN : LastError));

    /// <summary>The last update's example as the tutorial prints it (allocates: call it only when printing).</summary>
    public TrainingProgress Progress()
    {
        var steps = _sequence.Length;
        var predicted = new byte[steps];
        for (var t = 0; t < steps; t++)
        {
            predicted[t] = _run.EmittedBit(t);
        }
        return new TrainingProgress(Updates - 1, _run.Error, LastProblem, predicted, _sequence.Target.AsSpan(0, steps).ToArray(), Config.Operation);
    }
}
