using System.Globalization;

namespace RnnCalc.Printing;

/// <summary>
/// <c>str(ndarray)</c> as numpy 1.24 prints it with the default print options (linewidth 75, threshold 1000,
/// edgeitems 3, precision 8, floatmode 'maxprec'), for 1-D and 2-D float64 and 1-D integer arrays.
/// </summary>
internal static class NumpyArrayFormat
{
    private const int Threshold = 1000;

    /// <summary>A 1-D float64 array.</summary>
    public static string Format(ReadOnlySpan<double> values) => FormatDoubles(values, [values.Length]);

    /// <summary>A 2-D float64 array stored row-major.</summary>
    public static string Format(ReadOnlySpan<double> values, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != values.Length)
        {
            throw new ArgumentException($"{rows}x{columns} does not match {values.Length} values.", nameof(values));
        }
        return FormatDoubles(values, [rows, columns]);
    }

    /// <summary>A 1-D integer array (e.g. a uint8 bit vector).</summary>
    public static string Format(ReadOnlySpan<byte> values)
    {
        var widened = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            widened[i] = values[i];
        }
        return FormatIntegers(widened);
    }

    /// <summary>A 1-D integer array (e.g. an int32 bit vector).</summary>
    public static string Format(ReadOnlySpan<int> values)
    {
        var widened = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            widened[i] = values[i];
        }
        return FormatIntegers(widened);
    }

    /// <summary>A 1-D integer array.</summary>
    public static string Format(ReadOnlySpan<long> values) => FormatIntegers(values.ToArray());

    private static string FormatDoubles(ReadOnlySpan<double> values, int[] shape)
    {
        // numpy prints any array with a zero-length axis as an empty list.
        if (values.IsEmpty)
        {
            return "[]";
        }
        var data = values.ToArray();
        var layout = new ArrayLayout(shape, summarise: data.Length > Threshold);
        // The notation and widths come only from the elements actually printed.
        var format = new FloatingFormat([.. layout.ShownIndices().Select(i => data[i])]);
        return layout.Render(i => format.Format(data[i]));
    }

    private static string FormatIntegers(long[] values)
    {
        if (values.Length == 0)
        {
            return "[]";
        }
        var layout = new ArrayLayout([values.Length], summarise: values.Length > Threshold);
        var shown = layout.ShownIndices().Select(i => values[i]).ToList();
        // numpy's IntegerFormat: right-align to the longer of the printed maximum and minimum.
        var width = Math.Max(Invariant(shown.Max()).Length, Invariant(shown.Min()).Length);
        return layout.Render(i => Invariant(values[i]).PadLeft(width));
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
