using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RnnCalc.Training;
using RnnCalc.Web.Api;
using RnnCalc.Web.Models;

namespace RnnCalc.Web.Jobs;

/// <summary>
/// Starts training jobs (at most <see cref="WebServerOptions.MaxJobs"/> at once), finds them by id, keeps the newest
/// finished ones for their event streams, and stops them all when the server stops.
/// </summary>
public sealed partial class JobManager : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TrainingJob> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly WebServerOptions _options;
    private readonly ModelStore _models;
    private readonly ILogger<JobManager> _logger;
    private bool _stopping;

    public JobManager(WebServerOptions options, ModelStore models, ILogger<JobManager> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _models = models;
        _logger = logger;
    }

    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Values.Count(j => j.Done is null);
            }
        }
    }

    /// <summary>Starts a job, or refuses with 429 when the server already runs as many as it allows.</summary>
    public TrainingJob Start(TrainingConfig config, int? updatesPerSecond)
    {
        TrainingJob job;
        lock (_gate)
        {
            if (_stopping)
            {
                throw new ApiException(StatusCodes.Status503ServiceUnavailable, "the server is stopping");
            }
            var running = _jobs.Values.Count(j => j.Done is null);
            if (running >= _options.MaxJobs)
            {
                throw new ApiException(StatusCodes.Status429TooManyRequests, string.Create(CultureInfo.InvariantCulture, $"{running} training job{(running == 1 ? " is" : "s are")} already running, the most this server allows; stop one or wait for it to finish"));
            }
            job = new TrainingJob(NewId(), config, updatesPerSecond, _options.JobTimeLimit);
            _jobs.Add(job.Id, job);
            _order.Enqueue(job.Id);
            Forget();
        }
        job.Start((j, model) => _models.Add(j.Id, model), e => LogFailure(_logger, e, job.Id));
        return job;
    }

    public TrainingJob? Get(string id)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(id);
        }
    }

    /// <summary>Stops every job (the server is stopping) and waits a little for them to hand in their networks.</summary>
    public void StopAll()
    {
        TrainingJob[] jobs;
        lock (_gate)
        {
            _stopping = true;
            jobs = [.. _jobs.Values];
        }
        foreach (var job in jobs)
        {
            job.Stop(StopReason.ServerStopping);
        }
        Task.WaitAll([.. jobs.Select(j => j.Completion)], TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        StopAll();
        lock (_gate)
        {
            foreach (var job in _jobs.Values.Where(j => j.Completion.IsCompleted))
            {
                job.Dispose();
            }
        }
    }

    /// <summary>Drops the oldest finished jobs beyond the number of models kept (running ones always stay).</summary>
    private void Forget()
    {
        var excess = _order.Count - _options.MaxModels - _options.MaxJobs;
        var kept = new List<string>(_order.Count);
        foreach (var id in _order)
        {
            if (excess > 0 && _jobs[id].Done is not null)
            {
                _jobs.Remove(id, out var job);
                job!.Dispose();
                excess--;
            }
            else
            {
                kept.Add(id);
            }
        }
        _order.Clear();
        kept.ForEach(_order.Enqueue);
    }

    /// <summary>Unguessable, so one visitor cannot stop another's job by counting.</summary>
    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    [LoggerMessage(Level = LogLevel.Error, Message = "training job {Id} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string id);
}
