using System.Text.Json;

namespace RnnCalc.Checker;

/// <summary>
/// Reads the model file embedded in a certificate, independently of RnnCalc's own reader. Version 1 stores the
/// tutorial's three matrices under <c>weights</c>; version 2 names the cell in <c>config.cell</c> (only the tutorial's
/// sigmoid cell has certificates) with the same three tensors, and may leave <c>initialHidden</c> null for the
/// cell's default, 0.1.
/// </summary>
internal static class ModelReader
{
    private const int MaxHidden = 4096;

    public static CheckedNetwork Read(JsonElement model)
    {
        if (Field(model, "format", JsonValueKind.String).GetString() != "rnncalc-model")
        {
            throw new CertificateException("model.format is not 'rnncalc-model'");
        }
        var version = Field(model, "version", JsonValueKind.Number).GetInt32();
        return version switch
        {
            1 => ReadTutorialCell(model),
            2 => ReadVersion2(model),
            _ => throw new CertificateException($"model.version {version} is not supported"),
        };
    }

    private static CheckedNetwork ReadVersion2(JsonElement model)
    {
        var cell = Field(Field(model, "config", JsonValueKind.Object), "cell", JsonValueKind.String).GetString();
        return cell == "sigmoid"
            ? ReadTutorialCell(model)
            : throw new CertificateException($"model.config.cell '{cell}' has no certificates; the checker knows the tutorial's sigmoid cell");
    }

    private static CheckedNetwork ReadTutorialCell(JsonElement model)
    {
        var config = Field(model, "config", JsonValueKind.Object);
        var hidden = Field(config, "hidden", JsonValueKind.Number).GetInt32();
        if (hidden < 1 || hidden > MaxHidden)
        {
            throw new CertificateException($"model.config.hidden {hidden} is out of range");
        }
        var weights = Field(model, "weights", JsonValueKind.Object);
        return new CheckedNetwork(
            Field(config, "operation", JsonValueKind.String).GetString()!,
            hidden,
            config.TryGetProperty("initialHidden", out var h0) && h0.ValueKind == JsonValueKind.Null ? 0.1 : Field(config, "initialHidden", JsonValueKind.Number).GetDouble(),
            Matrix(weights, "input", 2, hidden),
            Matrix(weights, "recurrent", hidden, hidden),
            Matrix(weights, "output", hidden, 1));
    }

    private static double[] Matrix(JsonElement weights, string name, int rows, int columns)
    {
        var matrix = Field(weights, name, JsonValueKind.Array);
        if (matrix.GetArrayLength() != rows)
        {
            throw new CertificateException($"model.weights.{name} does not have {rows} rows");
        }
        var values = new List<double>(rows * columns);
        foreach (var row in matrix.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != columns)
            {
                throw new CertificateException($"model.weights.{name} has a row that is not {columns} numbers");
            }
            values.AddRange(row.EnumerateArray().Select(v => v.GetDouble()));
        }
        return [.. values];
    }

    /// <summary>A required member of the given kind.</summary>
    public static JsonElement Field(JsonElement parent, string name, JsonValueKind kind)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw new CertificateException($"'{name}' is missing or not a{(kind == JsonValueKind.Array || kind == JsonValueKind.Object ? "n" : string.Empty)} {kind.ToString().ToLowerInvariant()}");
        }
        return value;
    }
}
