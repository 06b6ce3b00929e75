using System.Net;
using System.Text;
using System.Text.Json;

namespace RnnCalc.Tests.Web;

/// <summary>Training limits: how many jobs run at once, and how long each may run.</summary>
public sealed class WebLimitTests
{
    [Fact]
    public async Task JobsBeyondTheLimitAreRefusedAndEachStopsAtItsTimeLimit()
    {
        using var factory = new WebFactory(new Dictionary<string, string> { ["MaxJobs"] = "1", ["JobTimeLimit"] = "00:00:01" });
        using var client = factory.CreateClient();
        const string slow = """{"iterations": 200000, "updatesPerSecond": 1000}""";

        using var first = await PostAsync(client, slow);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        using var second = await PostAsync(client, slow);
        await WebApiTests.AssertErrorAsync(second, HttpStatusCode.TooManyRequests, "1 training job is already running, the most this server allows");

        // The first ends by itself at its time limit, keeping its network; then there is room again.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await client.GetStreamAsync($"/api/train/{id}/events", timeout.Token);
        var events = await Sse.ReadAllAsync(stream, timeout.Token);
        using var done = JsonDocument.Parse(events[^1].Data);
        Assert.Equal("time-limit", done.RootElement.GetProperty("status").GetString());
        Assert.Equal(id, done.RootElement.GetProperty("model").GetString());
        Assert.InRange(done.RootElement.GetProperty("updates").GetInt64(), 1, 5_000);

        using var third = await PostAsync(client, """{"iterations": 10}""");
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
    }

    [Fact]
    public async Task ASmallerBodyLimitIsConfigurable()
    {
        using var factory = new WebFactory(new Dictionary<string, string> { ["MaxBodyBytes"] = "2048" });
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/calc", new StringContent($$"""{"expression": "{{new string('1', 3000)}}"}""", Encoding.UTF8, "application/json"));
        await WebApiTests.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than 2,048 bytes");
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
        client.PostAsync("/api/train", new StringContent(json, Encoding.UTF8, "application/json"));
}
