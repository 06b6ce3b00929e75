using System.Text.RegularExpressions;
using RnnCalc.Cli;
using RnnCalc.Cli.Console;

namespace RnnCalc.Tests.Web;

/// <summary>
/// <c>rnncalc serve --port 0</c> run in-process on a free loopback port, as a user starts it; disposing it is the
/// Ctrl-C (the command's cancellation), and the command must then end cleanly with exit code 0.
/// </summary>
public sealed partial class ServedApp : IAsyncDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly StringWriter _outputText = new();
    private readonly StringWriter _errorText = new();
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly Task<int> _run;

    private ServedApp(params string[] extra)
    {
        _output = TextWriter.Synchronized(_outputText);
        _error = TextWriter.Synchronized(_errorText);
        var terminal = new Terminal(_output, _error, interactive: false, noColor: true);
        _run = Task.Run(() => CliApp.Run(["serve", "--port", "0", .. extra], terminal, _interrupt.Token));
    }

    public Uri Url { get; private set; } = null!;

    public string Output => _outputText.ToString();

    public string Error => _errorText.ToString();

    public static async Task<ServedApp> StartAsync(params string[] extra)
    {
        var app = new ServedApp(extra);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (ServingLine().Match(app.Output) is { Success: true } match)
            {
                app.Url = new Uri(match.Groups[1].Value);
                return app;
            }
            if (app._run.IsCompleted)
            {
                throw new InvalidOperationException($"rnncalc serve ended early ({await app._run}): {app.Error}");
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"rnncalc serve did not say where it listens: {app.Output} {app.Error}");
    }

    /// <summary>Stops the server as Ctrl-C does and returns the command's exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _interrupt.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }
        _interrupt.Dispose();
        await _output.DisposeAsync();
        await _error.DisposeAsync();
    }

    [GeneratedRegex(@"serving (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingLine();
}
