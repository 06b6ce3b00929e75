using System.Text;

namespace RnnCalc.Tests.Web;

/// <summary>One Server-Sent Event as it arrived.</summary>
internal sealed record SseEvent(string Type, string Data, string? Id);

/// <summary>Reads a text/event-stream until it ends, as a browser's EventSource would parse it.</summary>
internal static class Sse
{
    public static async Task<IReadOnlyList<SseEvent>> ReadAllAsync(Stream stream, CancellationToken cancellation)
    {
        var events = new List<SseEvent>();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string type = "message", id = null!;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    events.Add(new SseEvent(type, data.ToString().TrimEnd('\n'), id));
                }
                (type, id) = ("message", null!);
                data.Clear();
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]).Append('\n');
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
        }
        return events;
    }
}
