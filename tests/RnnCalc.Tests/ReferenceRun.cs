using System.Text.Json;

namespace RnnCalc.Tests;

/// <summary>A run of the tutorial's numpy code, dumped at full precision (see Fixtures/Reference/README.md).</summary>
internal sealed record ReferenceRun(
    string Name,
    uint Seed,
    int Hidden,
    long Iterations,
    double LearningRate,
    long PrintEvery,
    IReadOnlyList<ReferenceProgress> Progress,
    double[][] Input,
    double[][] Output,
    double[][] Recurrent)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Reference");

    public static IEnumerable<string> Names =>
        Directory.GetFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public string PrintedOutput => File.ReadAllText(Path.Combine(Folder, Name + ".txt"));

    public static ReferenceRun Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")));
        var root = doc.RootElement;
        var weights = root.GetProperty("weights");
        return new ReferenceRun(
            name,
            root.GetProperty("seed").GetUInt32(),
            root.GetProperty("hidden").GetInt32(),
            root.GetProperty("iterations").GetInt64(),
            root.GetProperty("learningRate").GetDouble(),
            root.GetProperty("printEvery").GetInt64(),
            [.. root.GetProperty("progress").EnumerateArray().Select(p => new ReferenceProgress(
                p.GetProperty("update").GetInt64(),
                p.GetProperty("error").GetDouble(),
                p.GetProperty("a").GetInt64(),
                p.GetProperty("b").GetInt64()))],
            Matrix(weights.GetProperty("input")),
            Matrix(weights.GetProperty("output")),
            Matrix(weights.GetProperty("recurrent")));
    }

    private static double[][] Matrix(JsonElement rows) =>
        [.. rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];
}

internal sealed record ReferenceProgress(long Update, double Error, long A, long B);
