using System.Globalization;
using System.Text.RegularExpressions;
using RnnCalc.Persistence;
using ScottPlot;

namespace RnnCalc.Pictures;

/// <summary>Renders figures to PNG or SVG, in memory or to a file written atomically.</summary>
internal static partial class FigureFile
{
    public static byte[] Png(IFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        using var plot = figure.CreatePlot();
        return plot.GetImageBytes(figure.Width, figure.Height, ImageFormat.Png);
    }

    public static string Svg(IFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        using var plot = figure.CreatePlot();
        return NumberIdsFromZero(plot.GetSvgXml(figure.Width, figure.Height));
    }

    /// <summary>
    /// Renames the SVG's ids (<c>cl_17</c>, <c>img_4</c>) to count from 0 in order of appearance: Skia numbers them
    /// with a process-wide counter, which would make every rendering differ from the last.
    /// </summary>
    internal static string NumberIdsFromZero(string svg)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        return SkiaId().Replace(svg, match =>
        {
            if (!renamed.TryGetValue(match.Value, out var name))
            {
                name = match.Groups[1].Value + "_" + renamed.Count.ToString(CultureInfo.InvariantCulture);
                renamed[match.Value] = name;
            }
            return name;
        });
    }

    /// <summary>True when <paramref name="path"/> ends in .png or .svg, so a command can refuse other names before long work.</summary>
    public static bool IsPictureName(string path) =>
        Path.GetExtension(path) is { } extension
        && (extension.Equals(".png", StringComparison.OrdinalIgnoreCase) || extension.Equals(".svg", StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes PNG or SVG, chosen by the path's extension (<c>.png</c> or <c>.svg</c>).</summary>
    public static void Save(IFigure figure, string path)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.WriteAllBytes(path, Png(figure));
        }
        else if (extension.Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.WriteAllText(path, Svg(figure));
        }
        else
        {
            throw new OutputFileException($"cannot write '{path}': a picture's file name ends in .png or .svg");
        }
    }

    [GeneratedRegex(@"\b(cl|img)_([0-9a-f]+)\b")]
    private static partial Regex SkiaId();
}
