using System.Net;
using RnnCalc.Tests.Cli;

namespace RnnCalc.Tests.Web;

/// <summary><c>rnncalc serve</c>: listens on loopback, serves the page, stops cleanly on Ctrl-C, refuses bad options.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task ServesThePageOnLoopbackAndStopsCleanly()
    {
        await using var app = await ServedApp.StartAsync();
        Assert.Equal("127.0.0.1", app.Url.Host);
        using var client = new HttpClient { BaseAddress = app.Url };
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>RnnCalc", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(0, await app.StopAsync());
        Assert.Contains("using the default subtract and add networks", app.Error, StringComparison.Ordinal);
        Assert.EndsWith("rnncalc: stopped", app.Error.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--urls", "ftp://127.0.0.1:1", "--urls expects http:// addresses")]
    [InlineData("--urls", "http://127.0.0.1:1/sub", "--urls expects http:// addresses")]
    [InlineData("--port", "70000", "--port must be from 0 to 65535")]
    [InlineData("--max-jobs", "0", "--max-jobs must be from 1 to 1024")]
    public void BadOptionsAreOneLineAndExitTwo(string option, string value, string expected)
    {
        var run = CliRun.Of("serve", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void PortAndUrlsTogetherAreRefused()
    {
        var run = CliRun.Of("serve", "--port", "1234", "--urls", "http://127.0.0.1:1234");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give --port or --urls, not both", run.ErrorLine, StringComparison.Ordinal);
    }
}
