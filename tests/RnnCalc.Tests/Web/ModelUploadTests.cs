using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RnnCalc.Tests.Web;

/// <summary><c>POST /api/models</c>: a network file from elsewhere becomes a model to calculate with and prove.</summary>
public sealed class ModelUploadTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ThePublishedRunUploadedIsANetworkToCalculateWithAndProve()
    {
        using var upload = await UploadAsync("/api/models", File.ReadAllBytes(Path.Combine("Fixtures", "tutorial-published-run.txt")), "text/plain");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using var json = JsonDocument.Parse(await upload.Content.ReadAsStringAsync());
        var model = json.RootElement.GetProperty("model");
        var id = model.GetProperty("id").GetString()!;
        Assert.StartsWith("upload-", id, StringComparison.Ordinal);
        Assert.Equal("subtract", model.GetProperty("operation").GetString());
        Assert.Contains("printed output", json.RootElement.GetProperty("kind").GetString(), StringComparison.Ordinal);
        Assert.Contains("h0 = 0.1", json.RootElement.GetProperty("assumed").GetString(), StringComparison.Ordinal);

        using var calc = await _client.PostAsync("/api/calc", new StringContent($$"""{"expression": "200 - 57", "models": ["{{id}}"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, calc.StatusCode);
        using var answer = JsonDocument.Parse(await calc.Content.ReadAsStringAsync());
        Assert.Equal("143", answer.RootElement.GetProperty("result").GetString());

        using var verify = await _client.GetAsync($"/api/models/{id}/verify");
        using var proof = JsonDocument.Parse(await verify.Content.ReadAsStringAsync());
        Assert.True(proof.RootElement.GetProperty("proven").GetBoolean(), proof.RootElement.GetProperty("reason").GetString());
        var listed = await _client.GetStringAsync("/api/models");
        Assert.Contains($"\"{id}\"", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatAFileDoesNotSayComesFromTheQuery()
    {
        var trask = File.ReadAllBytes(Path.Combine("Fixtures", "Interop", "trask-f8.npz"));
        using var asIs = await UploadAsync("/api/models", trask);
        using var asSubtraction = await UploadAsync("/api/models?op=subtract&initialHidden=0.25", trask);
        Assert.Equal(HttpStatusCode.Created, asIs.StatusCode);
        Assert.Equal(HttpStatusCode.Created, asSubtraction.StatusCode);
        using var first = JsonDocument.Parse(await asIs.Content.ReadAsStringAsync());
        using var second = JsonDocument.Parse(await asSubtraction.Content.ReadAsStringAsync());
        Assert.Equal("add", first.RootElement.GetProperty("model").GetProperty("operation").GetString());
        Assert.Equal("subtract", second.RootElement.GetProperty("model").GetProperty("operation").GetString());
        Assert.Contains("h0 = 0.25", second.RootElement.GetProperty("assumed").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/models", "not a network", "the network file cannot be used: ")]
    [InlineData("/api/models?hidden=3", "{}", "unknown query parameter 'hidden'; the parameters are: op, initialHidden")]
    [InlineData("/api/models?op=divide", "{}", "op must be one of: subtract, add (got 'divide')")]
    [InlineData("/api/models?initialHidden=NaN", "{}", "initialHidden must be a number from -1000 to 1000 (got 'NaN')")]
    public async Task AFileThatCannotBeUsedIsOneLine(string path, string body, string message)
    {
        using var response = await UploadAsync(path, Encoding.UTF8.GetBytes(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    private Task<HttpResponseMessage> UploadAsync(string path, byte[] body, string type = "application/octet-stream")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return _client.PostAsync(path, content);
    }
}
