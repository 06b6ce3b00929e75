using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using RnnCalc.Verification;
using RnnCalc.Web.Api;

namespace RnnCalc.Web.Models;

/// <summary>
/// <c>rnncalc verify</c> for the page: proves a held network right for every length (or says why not) and gives its
/// minimised machine to draw, and keeps a proof's certificate. Networks never change, so each is verified once; one
/// proof runs at a time.
/// </summary>
public sealed class Verifications : IDisposable
{
    /// <summary>States sent to the page at most (it draws a dozen; the count says how many there are).</summary>
    public const int MaxStatesSent = 64;

    private readonly ConcurrentDictionary<string, Lazy<Task<Verification>>> _results = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly TimeSpan _timeLimit;
    private readonly int _maxKept;

    public Verifications(TimeSpan timeLimit, int maxKept)
    {
        _timeLimit = timeLimit;
        _maxKept = maxKept;
    }

    public Task<Verification> GetAsync(StoredModel model, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_results.Count > _maxKept)
        {
            foreach (var key in _results.Keys.Where(k => !k.StartsWith("default-", StringComparison.Ordinal)).Take(_results.Count - _maxKept))
            {
                _results.TryRemove(key, out _);
            }
        }
        var lazy = _results.GetOrAdd(model.Id, _ => new Lazy<Task<Verification>>(() => Task.Run(() => VerifyAsync(model, stopping), CancellationToken.None)));
        var task = lazy.Value;
        // A failed or interrupted proof is not remembered: the next request tries again.
        task.ContinueWith(t => _results.TryRemove(new KeyValuePair<string, Lazy<Task<Verification>>>(model.Id, lazy)), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        return task;
    }

    public void Dispose() => _oneAtATime.Dispose();

    private async Task<Verification> VerifyAsync(StoredModel model, CancellationToken stopping)
    {
        await _oneAtATime.WaitAsync(stopping).ConfigureAwait(false);
        try
        {
            var options = VerifyOptions.Default with { TimeLimit = _timeLimit };
            var result = Verifier.Verify(model.Model.Network, model.Model.Config.Operation, options, stopping);
            var certificate = result.Certifiable ? CertificateFile.Serialize(model.Model, result) : null;
            return new Verification(Line(model.Id, result, certificate is not null), certificate);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private static MachineLine Line(string id, VerificationResult result, bool certified)
    {
        var machine = result.Machine;
        var states = new List<MachineStateLine>();
        for (var s = 0; s < Math.Min(machine.States, MaxStatesSent); s++)
        {
            var transitions = Enumerable.Range(0, InputPair.Count)
                .Select(pair => new MachineTransitionLine(InputPair.A(pair), InputPair.B(pair), machine.Output(s, pair), Finite(machine.Margin(s, pair)), machine.Next(s, pair)))
                .ToList();
            states.Add(new MachineStateLine(s, s < result.ReferenceStates.Count ? result.ReferenceStates[s] : null, transitions));
        }
        var counterexample = result.Counterexample is { } c ? new CounterexampleLine(Text(c.A), Text(c.B), Text(c.Exact), Text(c.Network), c.Steps, c.FirstWrongStep) : null;
        return new MachineLine(id, result.Operation.Name, result.Proven, result.Reason, machine.States, result.AbstractStates, Finite(machine.MinimumMargin), counterexample, states, Math.Round(result.Elapsed.TotalMilliseconds, 1), certified ? $"/api/models/{id}/certificate" : null);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
