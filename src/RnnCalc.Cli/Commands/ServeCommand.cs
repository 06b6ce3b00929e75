using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using RnnCalc.Cli.Console;
using RnnCalc.Web;

namespace RnnCalc.Cli.Commands;

/// <summary><c>rnncalc serve</c>: the web page (calculate, watch the hidden state, train) and its JSON API, on loopback.</summary>
internal sealed class ServeCommand
{
    private readonly Option<int> _port = OptionFactory.Int("--port", "Port on 127.0.0.1 (0 = any free port)", WebServerOptions.DefaultPort, 0, 65535);
    private readonly Option<string?> _urls = new("--urls") { Description = "Where to listen instead of --port, e.g. \"http://127.0.0.1:8080;http://[::1]:8080\"", HelpName = "URLS" };
    private readonly Option<int> _maxJobs = OptionFactory.Int("--max-jobs", "Training jobs that may run at once", new WebServerOptions().MaxJobs, 1, 1024);
    private readonly Option<int> _jobTimeLimit = OptionFactory.Int("--job-time-limit", "Seconds one training job may run", (int)new WebServerOptions().JobTimeLimit.TotalSeconds, 1, 86_400);

    public Command Build(Terminal terminal, CancellationToken cancellation)
    {
        var command = new Command("serve", "Serve the web page: calculate and watch the network bit by bit, train one and watch it learn");
        command.Options.Add(_port);
        command.Options.Add(_urls);
        command.Options.Add(_maxJobs);
        command.Options.Add(_jobTimeLimit);
        command.SetAction(parse => Run(parse, terminal, cancellation));
        return command;
    }

    private int Run(ParseResult parse, Terminal terminal, CancellationToken cancellation)
    {
        var urls = parse.GetValue(_urls);
        if (urls is not null && parse.GetResult(_port) is { Implicit: false })
        {
            throw new UsageException("give --port or --urls, not both");
        }
        urls ??= string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{parse.GetValue(_port)}");
        var exposed = CheckUrls(urls);
        var maxJobs = parse.GetValue(_maxJobs);
        var timeLimit = TimeSpan.FromSeconds(parse.GetValue(_jobTimeLimit));

        terminal.Note("using the default subtract and add networks (seed 0, tutorial settings)");
        var app = WebServer.Create([], options =>
        {
            options.MaxJobs = maxJobs;
            options.JobTimeLimit = timeLimit;
        }, urls, commandLine: true);
        try
        {
            try
            {
                app.StartAsync(cancellation).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                var why = e.InnerException is System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.AddressInUseException
                    ? "the address is already in use (another server? try another --port)"
                    : e.Message.ReplaceLineEndings(" ");
                throw new UsageException($"cannot listen on {urls}: {why}");
            }
            catch (OperationCanceledException)
            {
                return ExitCode.Interrupted;
            }
            foreach (var url in app.Urls)
            {
                terminal.Output.WriteLine($"rnncalc: serving {url}  (open it in a browser; Ctrl-C stops)");
            }
            terminal.Output.Flush();
            if (exposed)
            {
                terminal.Note("listening beyond this machine: anyone who reaches it can calculate and run training jobs");
            }
            app.WaitForShutdownAsync(cancellation).GetAwaiter().GetResult();
            terminal.Note("stopped");
            return ExitCode.Success;
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Each of the ;-separated URLs must be http://host:port; true if any listens beyond loopback.</summary>
    private static bool CheckUrls(string urls)
    {
        var exposed = false;
        var parts = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new UsageException("--urls is empty; give e.g. http://127.0.0.1:8080");
        }
        foreach (var part in parts)
        {
            // Kestrel's wildcards are not URI hosts; check the rest with a stand-in address.
            var wildcard = part.Contains("://*", StringComparison.Ordinal) || part.Contains("://+", StringComparison.Ordinal);
            var probe = wildcard ? part.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal) : part;
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                throw new UsageException($"--urls expects http:// addresses separated by ';', e.g. http://127.0.0.1:8080 (got '{part}')");
            }
            exposed |= wildcard || !(uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
        }
        return exposed;
    }
}
