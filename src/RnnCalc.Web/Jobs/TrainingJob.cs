using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Training;
using RnnCalc.Web.Api;
using static System.FormattableString;

namespace RnnCalc.Web.Jobs;

/// <summary>
/// One training run on its own thread: it records a bounded series of chart points (error after updates, exhaustive
/// accuracy at checks), ends on its own, on Stop, or at its time limit, and hands its network to the model store.
/// Any number of event streams can follow it, each from any point (SSE's Last-Event-ID).
/// </summary>
public sealed class TrainingJob : IDisposable
{
    /// <summary>Chart points kept per job besides the checks: the series is thinned to about this many.</summary>
    public const int MaxPoints = 2_000;

    /// <summary>Widest training width whose exhaustive set is checked once more at the end (a million pairs take seconds).</summary>
    public const int FinalCheckMaxBits = 10;

    /// <summary>Streams are woken at most this often while training runs, so a fast run costs few wake-ups.</summary>
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(30);

    private readonly object _gate = new();
    private readonly List<TrainPoint> _points = [];
    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _clock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan _lastPublished;
    private StopReason _stopReason;
    private TrainDone? _done;
    private long _updates;

    public TrainingJob(string id, TrainingConfig config, int? updatesPerSecond, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(config);
        Id = id;
        Config = config;
        UpdatesPerSecond = updatesPerSecond;
        TimeLimit = timeLimit;
    }

    public string Id { get; }

    public TrainingConfig Config { get; }

    /// <summary>Slow motion for watching: at most this many updates a second (null = as fast as it goes).</summary>
    public int? UpdatesPerSecond { get; }

    public TimeSpan TimeLimit { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public long Updates => Interlocked.Read(ref _updates);

    /// <summary>How the job ended, or null while it runs.</summary>
    public TrainDone? Done
    {
        get
        {
            lock (_gate)
            {
                return _done;
            }
        }
    }

    public int PointCount
    {
        get
        {
            lock (_gate)
            {
                return _points.Count;
            }
        }
    }

    /// <summary>Starts training on a dedicated thread; <paramref name="onModel"/> receives the network before the final event.</summary>
    public void Start(Action<TrainingJob, TrainedModel> onModel, Action<Exception> onFailure)
    {
        Completion = Task.Factory.StartNew(() => Run(onModel, onFailure), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Asks the run to stop at its next update (or inside a running check); the first reason given wins.</summary>
    public void Stop(StopReason reason)
    {
        lock (_gate)
        {
            if (_stopReason == StopReason.None)
            {
                _stopReason = reason;
            }
        }
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished and disposed: nothing left to stop.
        }
    }

    /// <summary>The chart points after the first <paramref name="skip"/>, then the final event; ends when the job has.</summary>
    public async IAsyncEnumerable<SseItem<string>> Events(int skip, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var next = Math.Max(0, skip);
        while (true)
        {
            TrainPoint[] batch;
            TrainDone? done;
            Task changed;
            lock (_gate)
            {
                batch = next < _points.Count ? [.. _points.Skip(next)] : [];
                done = _done;
                changed = _changed.Task;
            }
            foreach (var point in batch)
            {
                next++;
                yield return new SseItem<string>(JsonSerializer.Serialize(point, WebJson.Readable.TrainPoint), "progress")
                {
                    EventId = next.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }
            if (done is not null)
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(done, WebJson.Readable.TrainDone), "done");
                yield break;
            }
            await changed.WaitAsync(cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellation.IsCancellationRequested)
            {
                yield break;
            }
        }
    }

    public void Dispose() => _cancel.Dispose();

    private void Run(Action<TrainingJob, TrainedModel> onModel, Action<Exception> onFailure)
    {
        using var timer = new Timer(_ => Stop(StopReason.TimeLimit), null, TimeLimit, Timeout.InfiniteTimeSpan);
        var token = _cancel.Token;
        _clock.Start();
        Trainer? trainer = null;
        Exception? failure = null;
        double? accuracy = null;
        long accuracyAt = -1;
        try
        {
            trainer = new Trainer(Config, new TrainerOptions { RecordHistory = true, Evaluate = (network, problems) => Check(network, problems, token) });
            var stride = Math.Max(1, (Config.Iterations + MaxPoints - 1) / MaxPoints);
            long lastPoint = 0;
            var chart = new ChartPoints(this, stride, token);
            trainer.Run(chart, token);
            lastPoint = chart.LastPoint;
            if (chart.Accuracy is not null)
            {
                (accuracy, accuracyAt) = (chart.Accuracy, chart.AccuracyAt);
            }
            if (trainer.Updates > 0 && lastPoint != trainer.Updates)
            {
                Append(Point(trainer, null), final: false);
            }
            // A last exhaustive check gives the chart and the summary an accuracy when none was taken at the end.
            if (!token.IsCancellationRequested && !trainer.Diverged && trainer.Updates > 0 && accuracyAt != trainer.Updates && Config.Bits <= FinalCheckMaxBits)
            {
                accuracy = Check(trainer.Network, Config.Problems, token).Accuracy;
                accuracyAt = trainer.Updates;
                Append(Point(trainer, accuracy), final: false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped inside a check: the weights of the last update stand.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e;
            onFailure(e);
        }
        _clock.Stop();

        string? modelId = null;
        if (failure is null && trainer is { Updates: > 0 })
        {
            onModel(this, trainer.Model());
            modelId = Id;
        }
        Finish(Summarize(trainer, failure, accuracy, modelId));
    }

    /// <summary>The event stream's side of the run: a chart point at every check and every stride-th update, and the pace.</summary>
    private sealed class ChartPoints(TrainingJob job, long stride, CancellationToken token) : TrainingObserver
    {
        public long LastPoint { get; private set; }

        public double? Accuracy { get; private set; }

        public long AccuracyAt { get; private set; } = -1;

        public override void OnUpdate(Trainer trainer, double? accuracy)
        {
            var updates = trainer.Updates;
            Interlocked.Exchange(ref job._updates, updates);
            if (accuracy is not null)
            {
                (Accuracy, AccuracyAt) = (accuracy, updates);
            }
            if (accuracy is not null || updates == 1 || updates % stride == 0)
            {
                job.Append(Point(trainer, accuracy), final: false);
                LastPoint = updates;
            }
            job.Pace(updates, token);
        }
    }

    private TrainDone Summarize(Trainer? trainer, Exception? failure, double? accuracy, string? modelId)
    {
        StopReason reason;
        lock (_gate)
        {
            reason = _stopReason;
        }
        var updates = trainer?.Updates ?? 0;
        var solvedAt = trainer?.SolvedAt;
        var (status, message) = (failure, trainer) switch
        {
            ({ }, _) => ("failed", "training failed; the server log has the details"),
            (_, { Diverged: true }) => ("diverged", Invariant($"diverged after {updates:N0} updates (a weight became infinite or NaN); the network kept is the last good one: try a smaller learning rate")),
            _ when solvedAt is { } at && Config.UntilSolved => ("solved", Invariant($"solved: every pair right at update {at:N0}")),
            _ when reason == StopReason.User => ("stopped", Invariant($"stopped after {updates:N0} updates")),
            _ when reason == StopReason.TimeLimit => ("time-limit", Invariant($"stopped after {updates:N0} updates at the time limit of {TimeLimit.TotalSeconds:0.#} s")),
            _ when reason == StopReason.ServerStopping => ("stopped", Invariant($"the server is stopping; stopped after {updates:N0} updates")),
            _ when solvedAt is { } at => ("solved", Invariant($"trained {updates:N0} updates; every pair right from update {at:N0}")),
            _ => ("finished", Invariant($"trained {updates:N0} updates") + (accuracy is { } a ? Invariant($"; {a * 100:0.##}% of pairs right") : string.Empty)),
        };
        return new TrainDone(status, message, updates, solvedAt, trainer?.SequencesSeen ?? 0, Finite(trainer?.LastError), accuracy, modelId, Math.Round(_clock.Elapsed.TotalSeconds, 3));
    }

    private void Append(TrainPoint point, bool final)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            _points.Add(point);
            var now = _clock.Elapsed;
            if (final || now - _lastPublished >= PublishInterval)
            {
                _lastPublished = now;
                wake = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        wake?.TrySetResult();
    }

    private void Finish(TrainDone done)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            _done = done;
            wake = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
    }

    /// <summary>Slow motion: sleeps while the run is ahead of its schedule (in steps of at least 15 ms).</summary>
    private void Pace(long updates, CancellationToken token)
    {
        if (UpdatesPerSecond is not { } rate)
        {
            return;
        }
        var ahead = TimeSpan.FromSeconds((double)updates / rate) - _clock.Elapsed;
        if (ahead >= TimeSpan.FromMilliseconds(15))
        {
            token.WaitHandle.WaitOne(ahead);
        }
    }

    private static TrainPoint Point(Trainer trainer, double? accuracy) =>
        new(trainer.Updates, Finite(trainer.LastError), Finite(trainer.History!.Smoothed), accuracy);

    /// <summary>The exhaustive check, but one a stop or the time limit can interrupt (it throws, so no partial result counts).</summary>
    private static EvaluationReport Check(RecurrentNetwork network, ProblemSet problems, CancellationToken token) =>
        Evaluator.Evaluate(network, problems, Interruptible(problems.Exhaustive(), token));

    private static IEnumerable<Problem> Interruptible(IEnumerable<Problem> problems, CancellationToken token)
    {
        var count = 0;
        foreach (var problem in problems)
        {
            if ((++count & 4095) == 0)
            {
                token.ThrowIfCancellationRequested();
            }
            yield return problem;
        }
        token.ThrowIfCancellationRequested();
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>Why a job was asked to stop.</summary>
public enum StopReason
{
    None,
    User,
    TimeLimit,
    ServerStopping,
}
