using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;
using RnnCalc.Random;
using RnnCalc.Training.Settings;

namespace RnnCalc.Training;

/// <summary>
/// The one training loop, for every cell and every way of updating: draw a problem, forward, backpropagate through
/// time, apply the update — plus what the tutorial lacks: batches, clipping, other optimizers, exhaustive checks that
/// stop a solved (or proven) run, divergence detection, and a state that can be saved and resumed bit-identically.
/// It owns stopping, checks, history, progress and checkpoints; hosts listen through a <see cref="TrainingObserver"/>.
/// How an update is made is a strategy behind it: the fused exact SIMD step (the tutorial's SGD), the careful step
/// (any cell, optimizer, batch, clip; refuses a diverging update), the scalar reference step, or the float32 --fast step.
/// All buffers are allocated once, so <see cref="Step"/> allocates nothing.
/// </summary>
public sealed class Trainer
{
    /// <summary>With --until-solved and no explicit --check-every, a check waits for this many right examples in a row.</summary>
    public const int StreakBeforeCheck = 20;

    private readonly NumpyRandom _random;
    private readonly ProblemSet _problems;
    private readonly BitSequence _sequence;
    private readonly Unrolling _run;
    private readonly Gradient _update;
    private readonly Optimizer _optimizer;

    // The tutorial's plain SGD runs through the fused kernel, which writes the weights as it goes; a snapshot every
    // SnapshotEvery updates lets a diverging update be replayed on the careful path, which changes nothing when it fails.
    private const int SnapshotEvery = 4096;
    private readonly bool _fused;
    private readonly RecurrentNetwork _snapshot;
    private readonly uint[] _snapshotKey = new uint[624];
    private int _snapshotPosition;
    private long _snapshotUpdates;

    private readonly TrainerOptions _options;
    private readonly FastUpdate? _fast;

    /// <summary>A trainer at update 0: the network initialised from <paramref name="config"/>'s seed as the tutorial does; <paramref name="recordHistory"/> keeps a <see cref="History"/>. Throws <see cref="ArgumentException"/> for a <see cref="TrainingConfig.Fast"/> config the fast path cannot train.</summary>
    public Trainer(TrainingConfig config, bool recordHistory = false)
        : this(config, TrainerOptions.Default with { RecordHistory = recordHistory })
    {
    }

    /// <summary>A trainer at update 0 with <paramref name="options"/> (history, proofs, evaluation, weight limit).</summary>
    public Trainer(TrainingConfig config, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        Config = config;
        _options = options;
        var recordHistory = options.RecordHistory;
        var weightLimit = options.WeightLimit;
        _random = new NumpyRandom(config.Seed);
        _problems = config.Problems;
        Network = RecurrentNetwork.Initialize(config.Cell, _random, config.Hidden, config.EffectiveInitScale, config.EffectiveInitialHidden, config.Exp);
        _sequence = new BitSequence(_problems.Steps);
        _run = Network.NewUnrolling(_problems.Steps);
        _update = Network.NewGradient();
        _optimizer = Optimizer.Create(config.Optimizer, Network.Weights.Length, weightLimit);
        History = recordHistory ? new TrainingHistory() : null;
        _fused = !options.ReferenceKernels && ExactKernels.Serves(config.Cell) && config.Optimizer == OptimizerKind.Sgd && config.Batch == 1 && config.Clip is null;
        if (config.Fast)
        {
            var refused = FastRefusals(config);
            if (refused.Count > 0)
            {
                throw new ArgumentException($"--fast trains batch 1 without clipping or proofs, and the sigmoid cell with plain SGD only: not {string.Join(", ", refused.Select(r => r.Name))}", nameof(config));
            }
            _fast = FastUpdate.Create(Network, config, _problems.Steps);
        }
        _snapshot = Network.Clone();
        TakeSnapshot();
    }

    /// <summary>
    /// The settings of <paramref name="config"/> that the --fast step cannot train (empty when it can): it trains every
    /// cell at batch 1 without clipping or proofs, the sigmoid cell with plain SGD and the PyTorch cells with any optimizer.
    /// </summary>
    public static IReadOnlyList<TrainingSetting> FastRefusals(TrainingConfig config) => FastUpdate.Refusals(config);

    /// <summary>The settings being trained.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The network being trained, updated in place by every <see cref="Step"/>.</summary>
    public RecurrentNetwork Network { get; }

    /// <summary>Updates applied so far.</summary>
    public long Updates { get; private set; }

    /// <summary>Training sequences drawn so far (updates × batch).</summary>
    public long SequencesSeen { get; private set; }

    /// <summary>The summed absolute error of the last update's example (the tutorial's overallError), averaged over a batch.</summary>
    public double LastError { get; private set; } = double.NaN;

    /// <summary>The example the last update learned from.</summary>
    public Problem LastProblem { get; private set; }

    /// <summary>Updates in a row whose examples the network already got right before learning from them.</summary>
    public long Streak { get; private set; }

    /// <summary>The update after which an exhaustive check first found every pair right.</summary>
    public long? SolvedAt { get; private set; }

    /// <summary>Updates in a row after which a network that learns nothing is called collapsed.</summary>
    public const int CollapseAfter = 1_000;

    /// <summary>An output delta (y − p)·p·(1 − p) this small means p is within about 1e-9 of 0 or 1: saturated.</summary>
    internal const double SaturatedDelta = 1e-9;

    private int _saturated;

    /// <summary>
    /// True once <see cref="CollapseAfter"/> updates in a row got their example wrong with every output saturated
    /// (within about 1e-9 of 0 or 1): the output deltas are then (nearly) 0, so updates cannot change the network.
    /// </summary>
    public bool Collapsed { get; private set; }

    /// <summary>True once an update would have made a weight infinite or NaN (the weights are the last good ones; with --fast, which finds out from a non-finite error, the weights of its last check, or the initial ones).</summary>
    public bool Diverged { get; private set; }

    /// <summary>Exhaustive checks run so far in this process.</summary>
    public int Checks { get; private set; }

    /// <summary>Exhaustive accuracy of the last check, if any.</summary>
    public double? LastAccuracy { get; private set; }

    /// <summary>The recorded error curve, or null when not recording.</summary>
    public TrainingHistory? History { get; }

    /// <summary>The update after which <see cref="TrainerOptions.Prove"/> first accepted the network.</summary>
    public long? ProvenAt { get; private set; }

    /// <summary>True when training should stop: the cap is reached, it diverged, or it was solved with --until-solved.</summary>
    public bool Finished => Updates >= Config.Iterations || Diverged || Collapsed || (Config.UntilSolved && SolvedAt is not null) || (Config.UntilProven && ProvenAt is not null);

    /// <summary>
    /// One update. With the tutorial's settings (batch 1, sgd, no clip) it is exactly the tutorial's:
    /// draw, forward, backward, weight += update · α. Returns false if the update diverged (nothing applied).
    /// </summary>
    public bool Step()
    {
        if (_fast is not null)
        {
            return StepFast();
        }
        if (!_fused)
        {
            return StepCarefully();
        }
        if (Updates % SnapshotEvery == 0)
        {
            TakeSnapshot();
        }
        var problem = _problems.Draw(_random);
        _problems.Encode(problem, _sequence);
        ExactKernels.TrainStep(Network, _sequence, _run, Config.LearningRate);
        LastProblem = problem;
        LastError = _run.Error;
        SequencesSeen++;
        if (!double.IsFinite(LastError) || !Bounded(Network, _optimizer.WeightLimit))
        {
            // Go back to the snapshot and redo every update since on the careful path: the same arithmetic, so the
            // same weights, until the update that diverges, which then leaves the last good weights in place.
            RestoreSnapshot();
            return StepCarefully();
        }
        Streak = IsRight() ? Streak + 1 : 0;
        TrackCollapse(Saturated(_run));
        Updates++;
        var accuracy = CheckIfDue();
        History?.Record(Updates, LastError, accuracy);
        return true;
    }

    /// <summary>One --fast update in single precision; the double network is brought up to date before each check.</summary>
    private bool StepFast()
    {
        var problem = _problems.Draw(_random);
        _problems.Encode(problem, _sequence);
        LastError = _fast!.Learn(problem, _problems.Steps);
        LastProblem = problem;
        SequencesSeen++;
        if (!double.IsFinite(LastError))
        {
            // The float weights are past saving; the double network keeps those of the last check.
            Diverged = true;
            return false;
        }
        var right = true;
        for (var t = 0; t < _sequence.Length; t++)
        {
            right &= _fast.EmittedBit(t) == _sequence.Target[t];
        }
        Streak = right ? Streak + 1 : 0;
        TrackCollapse(_fast.Saturated(_sequence.Length));
        Updates++;
        var accuracy = CheckIfDue();
        History?.Record(Updates, LastError, accuracy);
        return true;
    }

    /// <summary>One update through the gradient buffer and the optimizer, which refuses an update that would diverge.</summary>
    private bool StepCarefully()
    {
        var allRight = true;
        var error = 0.0;
        for (var s = 0; s < Config.Batch; s++)
        {
            var problem = _problems.Draw(_random);
            _problems.Encode(problem, _sequence);
            Learn();
            allRight &= IsRight();
            error += _run.Error;
            LastProblem = problem;
        }
        SequencesSeen += Config.Batch;
        if (Config.Batch > 1)
        {
            Scale(_update, 1.0 / Config.Batch);
            error /= Config.Batch;
        }
        if (Config.Clip is { } clip)
        {
            var norm = Norm(_update);
            if (norm > clip)
            {
                Scale(_update, clip / norm);
            }
        }
        LastError = error;
        var applied = double.IsFinite(error) && _optimizer.TryApply(Network, _update, Config.LearningRate);
        _update.Clear();
        if (!applied)
        {
            Diverged = true;
            return false;
        }
        Streak = allRight ? Streak + 1 : 0;
        TrackCollapse(Saturated(_run));
        Updates++;
        var accuracy = CheckIfDue();
        History?.Record(Updates, error, accuracy);
        return true;
    }

    /// <summary>
    /// The loop: updates until <see cref="Finished"/> (the cap, solved or proven as asked, diverged) or cancelled,
    /// telling <paramref name="observer"/> as it goes; returns the model as trained.
    /// </summary>
    public TrainedModel Run(TrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        var checkpointEvery = observer?.CheckpointEvery ?? 0;
        while (!Finished && !cancellation.IsCancellationRequested)
        {
            var checks = Checks;
            if (!Step())
            {
                break;
            }
            if (observer is null)
            {
                continue;
            }
            observer.OnUpdate(this, Checks != checks ? LastAccuracy : null);
            if ((Updates - 1) % Config.PrintEvery == 0)
            {
                observer.OnProgress(Progress());
            }
            if ((Updates & 1023) == 0)
            {
                observer.OnTick(Updates);
            }
            if (checkpointEvery > 0 && Updates % checkpointEvery == 0)
            {
                observer.OnCheckpoint(this);
            }
        }
        return Model();
    }

    /// <summary>The network as trained so far, with its settings and summary (a snapshot: later updates do not change it).</summary>
    public TrainedModel Model()
    {
        if (!Diverged)
        {
            _fast?.CopyTo(Network);
        }
        return new(Config, Network.Clone(), new TrainingSummary(Updates, LastError, SolvedAt, SequencesSeen, Diverged, ProvenAt));
    }

    /// <summary>The last update's example as the tutorial prints it (allocates: call it only when printing).</summary>
    public TrainingProgress Progress()
    {
        var steps = _sequence.Length;
        var predicted = new byte[steps];
        for (var t = 0; t < steps; t++)
        {
            predicted[t] = _fast?.EmittedBit(t) ?? _run.EmittedBit(t);
        }
        return new TrainingProgress(Updates, LastError, LastProblem, predicted, _sequence.Target.AsSpan(0, steps).ToArray(), Config.Operation);
    }

    /// <summary>
    /// Everything besides the weights that a resumed run needs to continue bit-identically; without
    /// <paramref name="withHistoryRows"/> the history's rows are left out (a <see cref="Persistence.HistoryLog"/> keeps them).
    /// </summary>
    internal TrainerState SaveState(bool withHistoryRows = true) => Config.Fast
        ? throw new InvalidOperationException("--fast keeps its weights and moments in single precision and does not checkpoint")
        : new(
        Updates,
        SequencesSeen,
        Streak,
        SolvedAt,
        ProvenAt,
        LastError,
        LastProblem,
        _random.SaveState(),
        _optimizer.Steps,
        _optimizer.State.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
        History is null || !withHistoryRows ? null : [.. History.Rows],
        History?.Stride ?? 1,
        History?.Smoothed ?? double.NaN);

    /// <summary>A trainer that continues from a checkpoint: its weights and state.</summary>
    internal static Trainer Resume(TrainingConfig config, RecurrentNetwork weights, TrainerState state, bool recordHistory = false) =>
        Resume(config, weights, state, TrainerOptions.Default with { RecordHistory = recordHistory });

    internal static Trainer Resume(TrainingConfig config, RecurrentNetwork weights, TrainerState state, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        if (config.Fast)
        {
            throw new ArgumentException("--fast does not resume from checkpoints", nameof(config));
        }
        var trainer = new Trainer(config, options with { RecordHistory = options.RecordHistory || state.History is not null });
        weights.CopyWeightsTo(trainer.Network);
        trainer._random.RestoreState(state.Random);
        trainer._optimizer.Restore(state.OptimizerSteps, state.OptimizerState);
        trainer.Updates = state.Updates;
        trainer.SequencesSeen = state.SequencesSeen;
        trainer.Streak = state.Streak;
        trainer.SolvedAt = state.SolvedAt;
        trainer.ProvenAt = state.ProvenAt;
        trainer.LastError = state.LastError;
        trainer.LastProblem = state.LastProblem;
        trainer.History?.Restore(state.History ?? [], state.HistoryStride, state.SmoothedError);
        trainer.TakeSnapshot();
        return trainer;
    }

    private void TakeSnapshot()
    {
        Network.CopyWeightsTo(_snapshot);
        _snapshotPosition = _random.CopyState(_snapshotKey);
        _snapshotUpdates = Updates;
    }

    /// <summary>Restores the snapshot's weights and generator, then replays the updates made since it.</summary>
    private void RestoreSnapshot()
    {
        var target = Updates;
        _snapshot.CopyWeightsTo(Network);
        _random.RestoreState(_snapshotKey, _snapshotPosition);
        for (var u = _snapshotUpdates; u < target; u++)
        {
            var problem = _problems.Draw(_random);
            _problems.Encode(problem, _sequence);
            Learn();
            _optimizer.TryApply(Network, _update, Config.LearningRate);
            _update.Clear();
        }
        SequencesSeen = target;
    }

    private static bool Bounded(RecurrentNetwork network, double weightLimit) => Bounded(network.Weights, weightLimit);

    private static bool Bounded(double[] weights, double weightLimit)
    {
        var limit = new System.Numerics.Vector<double>(weightLimit);
        var i = 0;
        for (; i <= weights.Length - System.Numerics.Vector<double>.Count; i += System.Numerics.Vector<double>.Count)
        {
            // NaN fails the comparison, as it should.
            if (!System.Numerics.Vector.LessThanOrEqualAll(System.Numerics.Vector.Abs(new System.Numerics.Vector<double>(weights, i)), limit))
            {
                return false;
            }
        }
        for (; i < weights.Length; i++)
        {
            if (!(Math.Abs(weights[i]) <= weightLimit))
            {
                return false;
            }
        }
        return true;
    }

    private double? CheckIfDue()
    {
        if (Config.EffectiveCheckEvery is not { } every || Updates % every != 0)
        {
            return null;
        }
        // Adaptive default: a network still getting training examples wrong will not pass every pair, so skip.
        if ((Config.UntilSolved || Config.UntilProven) && Config.CheckEvery is null && Streak < StreakBeforeCheck)
        {
            return null;
        }
        _fast?.CopyTo(Network);
        bool allCorrect;
        if (_options.SolvedOnly)
        {
            // Solved or not is all that is asked: a wrong network's accuracy stays unknown.
            allCorrect = BatchEvaluator.SolvesExhaustive(Network, _problems);
            LastAccuracy = allCorrect ? 1.0 : null;
        }
        else
        {
            var report = _options.Evaluate(Network, _problems);
            allCorrect = report.AllCorrect;
            LastAccuracy = report.Accuracy;
        }
        Checks++;
        if (allCorrect && SolvedAt is null)
        {
            SolvedAt = Updates;
        }
        if (allCorrect && Config.UntilProven && ProvenAt is null && _options.Prove is { } prove && prove(Network, Config.Operation))
        {
            ProvenAt = Updates;
        }
        return LastAccuracy;
    }

    /// <summary>
    /// Forward and backward on the drawn sequence into the update: the cell's SIMD kernels (tests/Speed: bit-identical
    /// to the scalar pair for the tutorial's cell, within 1e-12 for the PyTorch cells) or the scalar pair itself.
    /// </summary>
    private void Learn()
    {
        if (_options.ReferenceKernels)
        {
            Rnn.Forward(Network, _sequence, _run);
            Rnn.Backward(Network, _sequence, _run, _update);
        }
        else
        {
            CellKernels.Forward(Network, _sequence, _run);
            CellKernels.Backward(Network, _sequence, _run, _update);
        }
    }

    /// <summary>Counts updates in a row that got their example wrong with every output saturated (see <see cref="Collapsed"/>).</summary>
    private void TrackCollapse(bool saturated)
    {
        _saturated = Streak == 0 && saturated ? _saturated + 1 : 0;
        Collapsed |= _saturated >= CollapseAfter;
    }

    private static bool Saturated(Unrolling run)
    {
        for (var t = 0; t < run.Length; t++)
        {
            if (Math.Abs(run.OutputDeltas[t]) > SaturatedDelta)
            {
                return false;
            }
        }
        return true;
    }

    private bool IsRight()
    {
        for (var t = 0; t < _sequence.Length; t++)
        {
            if (_run.EmittedBit(t) != _sequence.Target[t])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>√Σ update², summed tensor by tensor in table order (so clipped runs keep the digits they always had).</summary>
    private static double Norm(Gradient g)
    {
        var total = 0.0;
        var tensors = g.Table.Tensors;
        for (var t = 0; t < tensors.Count; t++)
        {
            var tensor = tensors[t];
            var sum = 0.0;
            foreach (var v in g.Values.AsSpan(tensor.Offset, tensor.Size))
            {
                sum += v * v;
            }
            total += sum;
        }
        return Math.Sqrt(total);
    }

    private static void Scale(Gradient g, double factor)
    {
        var values = g.Values;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }
}
