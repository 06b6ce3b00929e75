using System.Diagnostics;

namespace RnnCalc.Tests.Reliability;

/// <summary>The real rnncalc in its own process (the CLI's dll is copied next to the tests), for signals and kills.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;

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
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start rnncalc");
        Output = _process.StandardOutput.ReadToEndAsync();
        Error = _process.StandardError.ReadToEndAsync();
    }

    public Task<string> Output { get; }

    public Task<string> Error { get; }

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
}
