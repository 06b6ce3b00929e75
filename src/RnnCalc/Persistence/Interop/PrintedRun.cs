using System.Globalization;

namespace RnnCalc.Persistence.Interop;

/// <summary>
/// The text the tutorial's script prints (and <c>train --format reference</c> prints): progress blocks, then
/// <c>print(weight_0)</c>, <c>print(weight_1)</c>, <c>print(weight_h)</c> in numpy's layout. The last three
/// two-dimensional arrays in the text are those weights. numpy prints 8 digits after the point, so these are the
/// printed network's weights, rounded — not the trained network's, which the digits only approximate.
/// </summary>
internal static class PrintedRun
{
    public static readonly IReadOnlyList<string> Names = ["weight_0", "weight_1", "weight_h"];

    /// <summary>True when the text has the shape of numpy-printed arrays (a <c>[[</c> somewhere).</summary>
    public static bool Looks(string text) => text is not null && text.Contains("[[", StringComparison.Ordinal);

    /// <summary>weight_0, weight_1 and weight_h as printed, in that order.</summary>
    public static IReadOnlyList<NpyArray> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matrices = new List<(int Start, int End)>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '[')
            {
                if (depth == 0)
                {
                    start = i;
                }
                depth++;
            }
            else if (text[i] == ']' && depth > 0 && --depth == 0 && text[start + 1] == '[')
            {
                matrices.Add((start, i + 1));
            }
        }
        if (matrices.Count < 3)
        {
            throw new ModelFileException($"the text holds {matrices.Count} printed two-dimensional arrays; the tutorial's output ends with three (weight_0, weight_1, weight_h)");
        }
        var arrays = new List<NpyArray>();
        for (var k = 0; k < 3; k++)
        {
            var (from, to) = matrices[matrices.Count - 3 + k];
            arrays.Add(Matrix(Names[k], text[from..to]));
        }
        return arrays;
    }

    /// <summary>One printed matrix: <c>[[a b ...\n  c]\n [d ...]]</c>, rows between the inner brackets.</summary>
    private static NpyArray Matrix(string name, string printed)
    {
        if (printed.Contains("...", StringComparison.Ordinal))
        {
            throw new ModelFileException($"the printed {name} is summarised with '...' (numpy shortens arrays of more than 1000 numbers), so not all of its weights are there");
        }
        var rows = new List<double[]>();
        foreach (var row in printed[1..^1].Split(']', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var numbers = row.TrimStart('[').Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var values = new double[numbers.Length];
            for (var i = 0; i < numbers.Length; i++)
            {
                if (!double.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw new ModelFileException($"the printed {name} has '{Clip(numbers[i])}' in row {rows.Count + 1}, not a number");
                }
            }
            rows.Add(values);
        }
        var columns = rows[0].Length;
        if (rows.Any(r => r.Length != columns))
        {
            throw new ModelFileException($"the printed {name} has rows of different lengths");
        }
        return new NpyArray(name, [rows.Count, columns], [.. rows.SelectMany(r => r)]);
    }

    private static string Clip(string word) => word.Length <= 24 ? word : word[..24] + "…";
}
