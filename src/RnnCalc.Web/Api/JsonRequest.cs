using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RnnCalc.Training.Settings;

namespace RnnCalc.Web.Api;

/// <summary>
/// A request body read by hand rather than by model binding, so every mistake (unknown field, wrong type, value out
/// of range, body too large) gets one line that names the field and the allowed values.
/// </summary>
internal sealed class JsonRequest
{
    private static readonly JsonDocumentOptions ReadOptions = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    private readonly JsonElement _root;

    private JsonRequest(JsonElement root) => _root = root;

    /// <summary>Reads at most <paramref name="maxBytes"/> (413 beyond) and checks it is an object with only <paramref name="fields"/>.</summary>
    public static async Task<JsonRequest> ReadAsync(HttpRequest request, int maxBytes, string example, params string[] fields)
    {
        var body = await ReadBodyAsync(request, maxBytes).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw new ApiException($"the request body is empty; send a JSON object such as {example}");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ReadOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {e.BytePositionInLine + 1})") : string.Empty;
            throw new ApiException($"the request body is not valid JSON{where}; send an object such as {example}");
        }
        using (document)
        {
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ApiException($"the request body must be a JSON object such as {example}");
            }
            foreach (var property in root.EnumerateObject())
            {
                if (!fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new ApiException($"unknown field '{Shorten(property.Name)}'; the fields are: {string.Join(", ", fields)}");
                }
            }
            return new JsonRequest(root);
        }
    }

    public string? String(string name, bool required = false)
    {
        if (!TryGet(name, out var value))
        {
            return required ? throw new ApiException($"the field '{name}' is missing") : null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ApiException($"'{name}' must be a string");
    }

    public string? Choice(string name, params string[] choices)
    {
        var value = String(name);
        if (value is not null && !choices.Contains(value, StringComparer.Ordinal))
        {
            throw new ApiException($"'{name}' must be one of: {string.Join(", ", choices)} (got '{Shorten(value)}')");
        }
        return value;
    }

    public bool? Bool(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ApiException($"'{name}' must be true or false"),
        };
    }

    public long? Long(string name, long min, long max)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw new ApiException(FormattableString.Invariant($"'{name}' must be a whole number from {min} to {max}"));
        }
        if (number < min || number > max)
        {
            throw new ApiException(FormattableString.Invariant($"'{name}' must be from {min} to {max} (got {number})"));
        }
        return number;
    }

    public int? Int(string name, int min, int max) => (int?)Long(name, min, max);

    /// <summary>A finite number above <paramref name="exclusiveMin"/> and at most <paramref name="max"/>.</summary>
    public double? Double(string name, double exclusiveMin, double max)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw new ApiException(FormattableString.Invariant($"'{name}' must be a number above {exclusiveMin} and at most {max}"));
        }
        if (number <= exclusiveMin || number > max)
        {
            throw new ApiException(FormattableString.Invariant($"'{name}' must be above {exclusiveMin} and at most {max} (got {number})"));
        }
        return number;
    }

    /// <summary>
    /// The training settings in this body, each bound by the settings schema under its JSON name (a number for
    /// numbers, a string for choices, true/false for flags, null for "none") and checked against the server's caps.
    /// </summary>
    public Dictionary<TrainingSetting, object?> Settings(IEnumerable<TrainingSetting> settings, SettingLimits limits)
    {
        var values = new Dictionary<TrainingSetting, object?>();
        foreach (var setting in settings)
        {
            if (!TryGet(setting.JsonName, out var value))
            {
                continue;
            }
            var label = $"'{setting.JsonName}'";
            var text = (setting.Kind, value.ValueKind) switch
            {
                (_, JsonValueKind.Null) when setting.Optional => "none",
                (SettingKind.Whole or SettingKind.Number, JsonValueKind.Number) => value.GetRawText(),
                (SettingKind.Choice, JsonValueKind.String) => value.GetString()!,
                (SettingKind.Flag, JsonValueKind.True or JsonValueKind.False) => value.GetRawText(),
                (SettingKind.Whole, _) => throw new ApiException($"{label} must be a whole number {setting.RangeText(limits)}"),
                (SettingKind.Number, _) => throw new ApiException($"{label} must be {setting.RangeText(limits)}"),
                (SettingKind.Choice, _) => throw new ApiException($"{label} must be a string, {setting.RangeText(limits)}"),
                _ => throw new ApiException($"{label} must be true or false"),
            };
            try
            {
                values[setting] = setting.Parse(text, label, limits);
            }
            catch (SettingException e)
            {
                throw new ApiException(e.Message);
            }
        }
        return values;
    }

    public IReadOnlyList<string>? Strings(string name, int maxCount)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxCount || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw new ApiException(FormattableString.Invariant($"'{name}' must be a list of at most {maxCount} strings"));
        }
        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>A JSON null counts as absent, so clients may send every field and null the ones they do not set.</summary>
    private bool TryGet(string name, out JsonElement value) =>
        _root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The raw body, at most <paramref name="maxBytes"/> (413 beyond, however it is sent).</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        try
        {
            return await ReadLimitedAsync(request.Body, maxBytes, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (set to the same size) can fire first when the length was not announced.
            throw TooLarge(maxBytes);
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, int maxBytes, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await body.ReadAsync(chunk, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
    }

    private static ApiException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"the request body is larger than {maxBytes:N0} bytes, the most this server accepts"));

    /// <summary>Echoed input is cut short so an error line stays one readable line.</summary>
    internal static string Shorten(string text)
    {
        var clean = new string([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length <= 40 ? clean : clean + "…";
    }
}
