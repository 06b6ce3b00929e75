using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace RnnCalc.Pictures;

/// <summary>
/// Draws a matrix as coloured cells with a label for every row and column and, where it fits, each cell's value
/// written inside it. Row 0 is drawn at the top, as the matrix is printed.
/// </summary>
internal static class HeatmapCells
{
    /// <summary>Adds the heatmap; <paramref name="cellText"/> entries that are null leave their cell unlabelled.</summary>
    public static Heatmap Add(Plot plot, double[,] values, IColormap colormap, ScottPlot.Range range, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, string?[,]? cellText, float fontSize)
    {
        var rows = values.GetLength(0);
        var columns = values.GetLength(1);
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = range;
        heatmap.NaNCellColor = Colors.Transparent;
        // Rectangles, not a scaled bitmap: SVG viewers would blur a bitmap's cells into each other.
        heatmap.RenderStrategy = new Heatmap.RenderStrategies.Rectangles();
        if (cellText is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    if (cellText[r, c] is not { } text || double.IsNaN(values[r, c]))
                    {
                        continue;
                    }
                    var label = plot.Add.Text(text, c, Y(r, rows));
                    label.LabelAlignment = Alignment.MiddleCenter;
                    label.LabelFontSize = fontSize;
                    label.LabelFontName = FigureStyle.FontName;
                    label.LabelFontColor = FigureStyle.TextOn(colormap.GetColor(values[r, c], range));
                }
            }
        }
        plot.Axes.Left.TickGenerator = Ticks(rowLabels, r => Y(r, rows));
        plot.Axes.Bottom.TickGenerator = Ticks(columnLabels, c => c);
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.HideGrid();
        return heatmap;
    }

    /// <summary>The y coordinate of row <paramref name="row"/>: ScottPlot puts row 0 of a heatmap at the top.</summary>
    public static double Y(int row, int rows) => rows - 1 - row;

    /// <summary>Five labelled ticks for a colour bar: its ends, its middle and the quarters, nothing finer.</summary>
    public static NumericManual ScaleTicks(double low, double high)
    {
        var ticks = new NumericManual();
        for (var i = 0; i <= 4; i++)
        {
            var value = low + ((high - low) * i / 4);
            ticks.AddMajor(value, value.ToString(Math.Abs(high - low) >= 8 ? "0.#" : "0.##", CultureInfo.InvariantCulture));
        }
        return ticks;
    }

    private static NumericManual Ticks(IReadOnlyList<string> labels, Func<int, double> position)
    {
        var ticks = new NumericManual();
        // Too many labels overlap: label every k-th so at most about 32 show.
        var every = Math.Max(1, (int)Math.Ceiling(labels.Count / 32.0));
        for (var i = 0; i < labels.Count; i++)
        {
            if (i % every == 0 && labels[i].Length > 0)
            {
                ticks.AddMajor(position(i), labels[i]);
            }
        }
        return ticks;
    }
}
