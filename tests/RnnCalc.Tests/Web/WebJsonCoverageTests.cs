using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RnnCalc.Web.Api;

namespace RnnCalc.Tests.Web;

/// <summary>
/// The native rnncalc has no reflection-based JSON: every type an endpoint declares it accepts or produces must be in
/// the source-generated <see cref="WebJson"/> context, or /openapi/v1.json fails there (the JIT build would fall back
/// to reflection and hide it).
/// </summary>
public sealed class WebJsonCoverageTests(WebFactory factory) : IClassFixture<WebFactory>
{
    [Fact]
    public void EveryTypeTheApiAcceptsOrProducesHasSourceGeneratedJson()
    {
        using var client = factory.CreateClient();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var types = new HashSet<Type>();
        foreach (var endpoint in endpoints)
        {
            foreach (var accepts in endpoint.Metadata.OfType<IAcceptsMetadata>())
            {
                if (accepts.RequestType is { } request)
                {
                    types.Add(request);
                }
            }
            foreach (var produces in endpoint.Metadata.OfType<IProducesResponseTypeMetadata>())
            {
                // An event stream (SseItem<T>) is text/event-stream, written by the SSE formatter, not a JSON body.
                if (produces.Type is { } response && response != typeof(void) && !IsEventStream(response))
                {
                    types.Add(response);
                }
            }
        }
        Assert.Contains(typeof(CalcRequest), types);
        var missing = types.Where(type => WebJson.Default.GetTypeInfo(type) is null).Select(type => type.Name).ToList();
        Assert.Empty(missing);
    }

    private static bool IsEventStream(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Net.ServerSentEvents.SseItem<>);
}
