using System.Diagnostics;
using System.Text;

namespace RnnCalc.Tests.Reliability;

/// <summary>The real rnncalc in its own process (the CLI's dll is copied next to the tests), for signals and kills.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private int _outputLines;

    public CliProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RnnCalc.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data, countLine: true);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data, countLine: false);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed on stdout, once it has exited.</summary>
    public Task<string> Output => Finished(_output);

    /// <summary>Everything the process printed on stderr, once it has exited.</summary>
    public Task<string> Error => Finished(_error);

    /// <summary>Lines printed on stdout so far (they arrive as the process writes them).</summary>
    public int OutputLines => Volatile.Read(ref _outputLines);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public void Kill() => _process.Kill();

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private void Append(StringBuilder text, string? line, bool countLine)
    {
        if (line is null)
        {
            return;
        }
        lock (text)
        {
            text.Append(line).Append('\n');
        }
        if (countLine)
        {
            Interlocked.Increment(ref _outputLines);
        }
    }

    private async Task<string> Finished(StringBuilder text)
    {
        await _process.WaitForExitAsync();
        lock (text)
        {
            return text.ToString();
        }
    }
}
