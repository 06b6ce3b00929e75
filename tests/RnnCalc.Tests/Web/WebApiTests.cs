using System.Net;
using System.Text;
using System.Text.Json;
using RnnCalc.Persistence;
using RnnCalc.Tests.Cli;

namespace RnnCalc.Tests.Web;

/// <summary>The JSON API in-process: the calc answer equals the CLI's, refusals are one-line JSON, jobs stream and end.</summary>
public sealed class WebApiTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("200 - 57", false)]
    [InlineData("200 - 57", true)]
    [InlineData("-5 - 7 + 1000", true)]
    [InlineData("99 + 1", false)]
    [InlineData("57 - 200", true)]
    public async Task CalcAnswersWithExactlyTheJsonOfTheCli(string expression, bool trace)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["expression"] = expression, ["trace"] = trace });
        using var response = await PostAsync("/api/calc", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var web = await response.Content.ReadAsStringAsync();

        string[] args = trace ? ["calc", expression, "--format", "json", "--trace"] : ["calc", expression, "--format", "json"];
        var cli = CliRun.Of(args);
        Assert.Equal(0, cli.ExitCode);
        // The CLI adds whether the answer is proven (the page asks GET /api/models/{id}/verify); the rest is the same text.
        var guarantee = cli.Output.LastIndexOf(",\"guarantee\":", StringComparison.Ordinal);
        Assert.True(guarantee > 0);
        Assert.Equal(cli.Output[..guarantee] + ",\"guarantee\":null}", web);
    }

    [Fact]
    public async Task ProductsAndQuotientsCountTheirRunsAndAnyRunComesWithItsBits()
    {
        using var response = await PostAsync("/api/calc", """{"expression": "(1234567 * 7654321) % 1000", "run": 4}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("7", root.GetProperty("result").GetString());
        Assert.Equal(["multiply", "remainder"], root.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("operation").GetString()));
        Assert.True(root.GetProperty("runs").GetInt32() > 4);
        var run = root.GetProperty("run");
        Assert.Equal(4, run.GetProperty("number").GetInt32());
        Assert.Equal(run.GetProperty("steps").GetInt32(), run.GetProperty("bits").GetArrayLength());
    }

    [Fact]
    public async Task TheRunsOfAProductAreListedWithTheirOperandsAndEachMatchesItsBitTable()
    {
        using var all = await PostAsync("/api/calc", """{"expression": "1234567 * 7654321"}""");
        using var calc = JsonDocument.Parse(await all.Content.ReadAsStringAsync());
        var total = calc.RootElement.GetProperty("runs").GetInt32();
        Assert.True(total > 3, $"the product took {total} runs");

        using var response = await PostAsync("/api/calc/runs", """{"expression": "1234567 * 7654321", "from": 2, "count": 2}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(total, json.RootElement.GetProperty("total").GetInt32());
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([2, 3], runs.Select(r => r.GetProperty("number").GetInt32()));
        Assert.All(runs, r => Assert.Equal("add", r.GetProperty("operation").GetString()));
        // Each listed run is the one POST /api/calc gives bit by bit for that number.
        foreach (var listed in runs)
        {
            using var one = await PostAsync("/api/calc", $$"""{"expression": "1234567 * 7654321", "run": {{listed.GetProperty("number").GetInt32()}}}""");
            using var traced = JsonDocument.Parse(await one.Content.ReadAsStringAsync());
            var run = traced.RootElement.GetProperty("run");
            foreach (var field in new[] { "operation", "a", "b", "result", "exact" })
            {
                Assert.Equal(run.GetProperty(field).GetString(), listed.GetProperty(field).GetString());
            }
            Assert.Equal(run.GetProperty("steps").GetInt32(), listed.GetProperty("steps").GetInt32());
        }

        using var tooMany = await PostAsync("/api/calc/runs", """{"expression": "12 * 13", "count": 501}""");
        await AssertErrorAsync(tooMany, HttpStatusCode.BadRequest, "'count' must be");
        using var unknown = await PostAsync("/api/calc/runs", """{"expression": "12 * 13", "run": 1}""");
        await AssertErrorAsync(unknown, HttpStatusCode.BadRequest, "'run'");
    }

    [Fact]
    public async Task ATraceCarriesEveryBitWithTheHiddenState()
    {
        using var response = await PostAsync("/api/calc", """{"expression": "200 - 57", "trace": true}""");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("143", root.GetProperty("result").GetString());
        var bits = root.GetProperty("steps")[0].GetProperty("bits");
        Assert.Equal(10, bits.GetArrayLength());
        Assert.Equal(16, bits[0].GetProperty("hidden").GetArrayLength());
    }

    [Theory]
    [InlineData("", "the request body is empty")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{}", "'expression' is missing")]
    [InlineData("""{"expression": 5}""", "'expression' must be a string")]
    [InlineData("""{"expression": "200 ** 57"}""", "unexpected '**' at position 5; there is no power operator")]
    [InlineData("""{"expression": "1 +"}""", "ends where a number or '(' was expected")]
    [InlineData("""{"expression": "7 / (2 - 2)"}""", "division by zero: the divisor at position 5 is 0")]
    [InlineData("""{"expression": "127 * 127", "maxBits": 8}""", "the result of '*' at position 5 needs 15 bits, more than maxBits 8")]
    [InlineData("""{"expression": "1 + 1", "run": 2}""", "run 2: the calculation took 1 network run")]
    [InlineData("""{"expression": "1 + 1", "run": 0}""", "'run' must be from 1")]
    [InlineData("""{"expression": "1", "maxBits": 0}""", "'maxBits' must be from 1 to 4096")]
    [InlineData("""{"expression": "1", "maxBits": 5000}""", "'maxBits' must be from 1 to 4096")]
    [InlineData("""{"expression": "1", "maxBits": "8"}""", "'maxBits' must be a whole number")]
    [InlineData("""{"expression": "1000 - 1", "maxBits": 8}""", "more than maxBits 8")]
    [InlineData("""{"expression": "1", "trace": "yes"}""", "'trace' must be true or false")]
    [InlineData("""{"expression": "1", "model": "/etc/passwd"}""", "unknown field 'model'")]
    [InlineData("""{"expression": "1", "models": ["../../etc/passwd"]}""", "no model '../../etc/passwd'")]
    [InlineData("""{"expression": "1", "models": "default-add"}""", "'models' must be a list")]
    [InlineData("""{"expression": "1", "models": ["default-add", "default-add"]}""", "two of the models given are trained for add")]
    [InlineData("""{"expression": "1", "expression": "2"}""", "not valid JSON")]
    public async Task AMalformedCalculationIsRefusedWithOneJsonLine(string body, string expected)
    {
        using var response = await PostAsync("/api/calc", body);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task AnOperandWiderThanTheLimitIsRefused()
    {
        var wide = new string('9', 1300);
        using var response = await PostAsync("/api/calc", $$"""{"expression": "{{wide}} - 1"}""");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "more than maxBits 4096");
    }

    [Fact]
    public async Task ATraceTooLongToSendIsRefusedButTheAnswerIsNot()
    {
        var big = "1" + new string('0', 1200);
        var expression = string.Join(" - ", Enumerable.Repeat(big, 8));
        using var traced = await PostAsync("/api/calc", $$"""{"expression": "{{expression}}", "trace": true}""");
        await AssertErrorAsync(traced, HttpStatusCode.BadRequest, "bit rows, more than the 20,000 this server returns");
        using var plain = await PostAsync("/api/calc", $$"""{"expression": "{{expression}}"}""");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Theory]
    [InlineData("""{"operation": "multiply"}""", "'operation' must be one of: subtract, add")]
    [InlineData("""{"bits": 13}""", "'bits' must be from 1 to 12")]
    [InlineData("""{"hidden": 0}""", "'hidden' must be from 1 to 64")]
    [InlineData("""{"hidden": 10000}""", "'hidden' must be from 1 to 64")]
    [InlineData("""{"learningRate": -1}""", "'learningRate' must be a number above 0 and at most 100 (got -1)")]
    [InlineData("""{"cell": "rnn"}""", "'cell' must be one of: sigmoid, tanh, gru, lstm (got 'rnn')")]
    [InlineData("""{"iterations": 1e12}""", "'iterations' expects a whole number (got '1e12')")]
    [InlineData("""{"seed": -1}""", "'seed' must be from 0 to 4294967295")]
    [InlineData("""{"optimizer": "rmsprop"}""", "'optimizer' must be one of: sgd, momentum, adam")]
    [InlineData("""{"range": "huge"}""", "'range' must be one of: tutorial, full")]
    [InlineData("""{"checkpoint": "/tmp/x"}""", "unknown field 'checkpoint'")]
    [InlineData("""{"fast": true, "optimizer": "adam"}""", "the sigmoid cell with sgd only: drop 'optimizer'")]
    [InlineData("""{"cell": "gru", "fast": true, "batch": 4}""", "drop 'batch'")]
    public async Task AMalformedTrainingRequestIsRefusedWithOneJsonLine(string body, string expected)
    {
        using var response = await PostAsync("/api/train", body);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task ABodyOverTheLimitIsRefusedWith413()
    {
        var big = $$"""{"expression": "{{new string('1', 300_000)}}"}""";
        using var announced = await PostAsync("/api/calc", big);
        await AssertErrorAsync(announced, HttpStatusCode.RequestEntityTooLarge, "larger than 262,144 bytes");

        // Without a Content-Length the limit still holds while reading.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var streamed = await _client.PostAsync("/api/calc", chunked);
        await AssertErrorAsync(streamed, HttpStatusCode.RequestEntityTooLarge, "larger than 262,144 bytes");
    }

    [Fact]
    public async Task WrongPathsMethodsAndMediaTypesAnswerInJsonToo()
    {
        using var missing = await _client.GetAsync("/api/nothing");
        await AssertErrorAsync(missing, HttpStatusCode.NotFound, "nothing at GET /api/nothing");
        using var method = await _client.GetAsync("/api/calc");
        await AssertErrorAsync(method, HttpStatusCode.MethodNotAllowed, "method not allowed");
        using var form = await _client.PostAsync("/api/calc", new StringContent("expression=1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await AssertErrorAsync(form, HttpStatusCode.UnsupportedMediaType, "Content-Type: application/json");
        using var job = await _client.GetAsync("/api/train/0123456789abcdef/events");
        await AssertErrorAsync(job, HttpStatusCode.NotFound, "no training job '0123456789abcdef'");
        using var model = await _client.GetAsync("/api/models/..%2F..%2Fetc%2Fpasswd");
        await AssertErrorAsync(model, HttpStatusCode.NotFound, "no model");
    }

    [Fact]
    public async Task ATrainingJobStreamsItsProgressAndEndsWithItsModel()
    {
        using var started = await PostAsync("/api/train", """{"operation": "add", "iterations": 3000, "checkEvery": 500, "hidden": 8, "seed": 3}""");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        using var job = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var id = job.RootElement.GetProperty("id").GetString()!;
        Assert.Equal("running", job.RootElement.GetProperty("status").GetString());
        Assert.Equal(8, job.RootElement.GetProperty("settings").GetProperty("hidden").GetInt32());

        var events = await EventsAsync(id);
        var progress = events.Where(e => e.Type == "progress").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.NotEmpty(progress);
        var updates = progress.Select(p => p.GetProperty("update").GetInt64()).ToList();
        Assert.Equal(updates.Order(), updates);
        Assert.Equal(3000, updates[^1]);
        Assert.Contains(progress, p => p.GetProperty("accuracy").ValueKind == JsonValueKind.Number);
        Assert.Equal(progress.Count, events.Count(e => e.Id is not null));

        var done = events[^1];
        Assert.Equal("done", done.Type);
        Assert.Single(events, e => e.Type == "done");
        using var summary = JsonDocument.Parse(done.Data);
        Assert.Equal(3000, summary.RootElement.GetProperty("updates").GetInt64());
        Assert.Equal(id, summary.RootElement.GetProperty("model").GetString());

        using var state = JsonDocument.Parse(await _client.GetStringAsync($"/api/train/{id}"));
        Assert.Equal(summary.RootElement.GetProperty("status").GetString(), state.RootElement.GetProperty("status").GetString());
        Assert.Equal(progress.Count, state.RootElement.GetProperty("points").GetInt32());

        // The finished network is a model file that loads, and the calculator takes it.
        using var download = await _client.GetAsync($"/api/models/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var model = ModelFile.Parse(await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(RnnCalc.Arithmetic.Operation.Add, model.Config.Operation);
        Assert.Equal(8, model.Network.Hidden);
        Assert.Equal(3u, model.Config.Seed);
        Assert.Equal(3000, model.Training.Updates);
        using var calc = await PostAsync("/api/calc", $$"""{"expression": "99 + 1 - 3", "models": ["{{id}}"]}""");
        Assert.Equal(HttpStatusCode.OK, calc.StatusCode);

        // A late follower still gets the whole run and its end; Last-Event-ID resumes after a point.
        var again = await EventsAsync(id);
        Assert.Equal(events.Select(e => e.Data), again.Select(e => e.Data));
        var resumed = await EventsAsync(id, lastEventId: progress.Count - 1);
        Assert.Equal(2, resumed.Count);
        Assert.Equal("done", resumed[^1].Type);
    }

    [Fact]
    public async Task AFastTrainingJobTrainsAGruWithTheFastStepAndSolves()
    {
        using var started = await PostAsync("/api/train", """{"cell": "gru", "fast": true, "untilSolved": true}""");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        using var job = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var id = job.RootElement.GetProperty("id").GetString()!;
        Assert.True(job.RootElement.GetProperty("settings").GetProperty("fast").GetBoolean());
        var events = await EventsAsync(id);
        Assert.Equal("done", events[^1].Type);
        using var download = await _client.GetAsync($"/api/models/{id}");
        var model = ModelFile.Parse(await download.Content.ReadAsByteArrayAsync());
        Assert.True(model.Config.Fast);
        Assert.Equal("gru", model.Config.Cell.Name);
        // train --fast's run: the same update, and every pair right.
        var single = new RnnCalc.Training.Trainer(RnnCalc.Training.TrainingConfig.For(RnnCalc.Network.Cells.Cell.Gru) with { Fast = true, UntilSolved = true }).Run();
        Assert.Equal(single.Training.SolvedAt, model.Training.SolvedAt);
        Assert.True(RnnCalc.Evaluation.Evaluator.Exhaustive(model.Network, model.Config.Problems).AllCorrect);
    }

    [Fact]
    public async Task AStoppedJobEndsAndKeepsWhatItLearned()
    {
        using var started = await PostAsync("/api/train", """{"iterations": 200000, "updatesPerSecond": 500}""");
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await Task.Delay(300);
        using var stop = await PostAsync($"/api/train/{id}/stop", "{}");
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        var events = await EventsAsync(id);
        using var done = JsonDocument.Parse(events[^1].Data);
        Assert.Equal("stopped", done.RootElement.GetProperty("status").GetString());
        var updates = done.RootElement.GetProperty("updates").GetInt64();
        Assert.InRange(updates, 1, 100_000);
        using var download = await _client.GetAsync($"/api/models/{id}");
        Assert.Equal(updates, ModelFile.Parse(await download.Content.ReadAsByteArrayAsync()).Training.Updates);
    }

    [Fact]
    public async Task TheDefaultNetworksAreReadyAndDownloadable()
    {
        using var list = JsonDocument.Parse(await _client.GetStringAsync("/api/models"));
        var ids = list.RootElement.EnumerateArray().Where(m => m.GetProperty("default").GetBoolean()).Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["default-subtract", "default-add"], ids);
        var bytes = await _client.GetByteArrayAsync("/api/models/default-subtract");
        Assert.Equal(ModelFile.Serialize(DefaultModels.Subtract), bytes);
    }

    [Fact]
    public async Task TheDefaultNetworkIsProvenAndItsMachineIsTheBorrowMachine()
    {
        using var response = await _client.GetAsync("/api/models/default-subtract/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.True(root.GetProperty("proven").GetBoolean(), root.GetProperty("reason").GetString());
        Assert.Equal(2, root.GetProperty("states").GetInt32());
        var machine = root.GetProperty("machine");
        Assert.Equal([0, 1], machine.EnumerateArray().Select(s => s.GetProperty("reference").GetInt32()));
        // From "no borrow", 0 - 1 writes 1 and borrows.
        var fromStart = machine[0].GetProperty("transitions").EnumerateArray().Single(t => t.GetProperty("a").GetInt32() == 0 && t.GetProperty("b").GetInt32() == 1);
        Assert.Equal(1, fromStart.GetProperty("output").GetInt32());
        Assert.Equal(1, fromStart.GetProperty("next").GetInt32());

        using var missing = await _client.GetAsync("/api/models/nope/verify");
        await AssertErrorAsync(missing, HttpStatusCode.NotFound, "no model 'nope'");
    }

    [Fact]
    public async Task AProvenNetworkHasACertificateTheIndependentCheckerAccepts()
    {
        using var verdict = JsonDocument.Parse(await _client.GetStringAsync("/api/models/default-subtract/verify"));
        Assert.True(verdict.RootElement.GetProperty("proven").GetBoolean());
        var link = verdict.RootElement.GetProperty("certificate").GetString();
        Assert.Equal("/api/models/default-subtract/certificate", link);

        using var response = await _client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var check = RnnCalc.Checker.CertificateChecker.Check(bytes);
        Assert.True(check.Accepted, check.Message);
        using var certificate = JsonDocument.Parse(bytes);
        Assert.Equal("rnncalc-certificate", certificate.RootElement.GetProperty("format").GetString());
        // The model inside is the network the server calculates with, as its own download gives it.
        var model = ModelFile.Parse(Encoding.UTF8.GetBytes(certificate.RootElement.GetProperty("model").GetRawText()));
        Assert.Equal(ModelFile.Serialize(DefaultModels.Subtract), ModelFile.Serialize(model));

        using var missing = await _client.GetAsync("/api/models/nope/certificate");
        await AssertErrorAsync(missing, HttpStatusCode.NotFound, "no model 'nope'");
    }

    [Fact]
    public async Task AProvenGruNetworkHasACertificateTooWhichTheCheckerAccepts()
    {
        // A GRU of 2 units that verify proves in a fraction of a second (as in GatedCertificateTests).
        using var started = await PostAsync("/api/train", """{"cell": "gru", "hidden": 2, "seed": 4, "iterations": 10000}""");
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal("done", (await EventsAsync(id))[^1].Type);
        using var verdict = JsonDocument.Parse(await _client.GetStringAsync($"/api/models/{id}/verify"));
        Assert.True(verdict.RootElement.GetProperty("proven").GetBoolean(), verdict.RootElement.GetProperty("reason").GetString());
        Assert.Equal($"/api/models/{id}/certificate", verdict.RootElement.GetProperty("certificate").GetString());

        var check = RnnCalc.Checker.CertificateChecker.Check(await _client.GetByteArrayAsync($"/api/models/{id}/certificate"));

        Assert.True(check.Accepted, check.Message);
    }

    [Fact]
    public async Task AnUnprovenNetworkHasNoCertificate()
    {
        using var started = await PostAsync("/api/train", """{"iterations": 5}""");
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal("done", (await EventsAsync(id))[^1].Type);
        using var verdict = JsonDocument.Parse(await _client.GetStringAsync($"/api/models/{id}/verify"));
        Assert.False(verdict.RootElement.GetProperty("proven").GetBoolean());
        Assert.Equal(JsonValueKind.Null, verdict.RootElement.GetProperty("certificate").ValueKind);
        using var response = await _client.GetAsync($"/api/models/{id}/certificate");
        await AssertErrorAsync(response, HttpStatusCode.NotFound, $"model '{id}' is not proven, so it has no certificate");
    }

    [Fact]
    public async Task TheOpenApiDocumentListsTheEndpoints()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/calc", "/api/train", "/api/train/{id}", "/api/train/{id}/events", "/api/train/{id}/stop", "/api/models", "/api/models/{id}", "/api/models/{id}/verify", "/api/models/{id}/certificate", "/api/calc/runs", "/api/info" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentListsTheRefusalsTheServerMakes()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("405", out _), $"{operation.Name} {path.Name} does not list 405");
                Assert.Equal(operation.Name == "post" && path.Name is "/api/calc" or "/api/calc/runs" or "/api/train", responses.TryGetProperty("415", out _));
            }
        }
        // And they are what the server does.
        using var wrongMethod = await _client.GetAsync("/api/calc");
        await AssertErrorAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "method not allowed");
        using var wrongType = await _client.PostAsync("/api/calc", new StringContent("{\"expression\": \"1\"}", Encoding.UTF8, "text/plain"));
        await AssertErrorAsync(wrongType, HttpStatusCode.UnsupportedMediaType, "Content-Type: application/json");
    }

    [Fact]
    public async Task JsonAnswersWritePlusAsItself()
    {
        using var response = await PostAsync("/api/calc", """{"expression": "99 + 1"}""");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"expression\":\"99 + 1\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageIsServedFromTheAssemblyAndLoadsNothingFromElsewhere()
    {
        using var page = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        foreach (var file in new[] { "/", "/app.js", "/messages.js", "/app.css" })
        {
            var text = await _client.GetStringAsync(file);
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        }
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<IReadOnlyList<SseEvent>> EventsAsync(string id, int? lastEventId = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/train/{id}/events");
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await Sse.ReadAllAsync(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token);
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var error = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("error", error.Name);
        var message = error.Value.GetString()!;
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.`<>]+\.\w+\(", message);
    }
}
