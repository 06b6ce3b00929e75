using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using RnnCalc.Web;
using Xunit.Abstractions;

namespace RnnCalc.Tests.Web;

/// <summary>Run alone, after the parallel tests, so the figures are the server's and not the suite's.</summary>
[CollectionDefinition(nameof(LoadTestsRunAlone), DisableParallelization = true)]
public sealed class LoadTestsRunAlone;

/// <summary>
/// A bounded load test of POST /api/calc on loopback: many concurrent clients for about ten seconds against the real
/// Kestrel server. It asserts only that every answer is right (no timings: machines differ) and prints
/// requests/s and latency percentiles for the README. Run it alone with <c>--filter Category=Load</c>.
/// </summary>
[Collection(nameof(LoadTestsRunAlone))]
[Trait("Category", "Load")]
public sealed class CalcLoadTests(ITestOutputHelper output)
{
    private const int Clients = 64;
    private const int MaxRequests = 2_000_000;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task CalcAnswersEveryRequestUnderConcurrentLoad()
    {
        var app = WebServer.Create([], urls: "http://127.0.0.1:0", commandLine: true);
        await using (app)
        {
            await app.StartAsync();
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var client = new HttpClient(handler) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };

            // Warm up (JIT, connections) before measuring.
            await RunAsync(client, WarmUp, int.MaxValue);
            var clock = Stopwatch.StartNew();
            var results = await RunAsync(client, Duration, MaxRequests);
            var seconds = clock.Elapsed.TotalSeconds;
            await app.StopAsync();

            var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
            var errors = results.Sum(r => r.Errors);
            var firstError = results.Select(r => r.FirstError).FirstOrDefault(e => e is not null);
            var line = string.Create(CultureInfo.InvariantCulture, $"POST /api/calc \"200 - 57\": {latencies.Length:N0} requests in {seconds:F1} s from {Clients} concurrent clients on loopback = {latencies.Length / seconds:N0} requests/s; latency p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies.LastOrDefault():F1} ms; {errors} errors. Machine: {Machine()}");
            output.WriteLine(line);
            Console.WriteLine(line);
            Assert.True(errors == 0, $"{errors} requests failed, e.g. {firstError}");
            Assert.NotEmpty(latencies);
        }
    }

    private static async Task<Result[]> RunAsync(HttpClient client, TimeSpan duration, int maxRequests)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sent = 0;
        var workers = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            var result = new Result();
            while (Stopwatch.GetTimestamp() < until && Interlocked.Increment(ref sent) <= maxRequests)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent("""{"expression": "200 - 57"}""", Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync("/api/calc", content);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK || !body.Contains("\"result\":\"143\"", StringComparison.Ordinal))
                    {
                        result.Fail($"{(int)response.StatusCode}: {body}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    result.Fail(e.Message);
                }
                result.Latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return result;
        }));
        return await Task.WhenAll(workers);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; client and server share the cores";
    }

    private sealed class Result
    {
        public List<double> Latencies { get; } = new(1 << 16);

        public int Errors { get; private set; }

        public string? FirstError { get; private set; }

        public void Fail(string why)
        {
            Errors++;
            FirstError ??= why;
        }
    }
}
