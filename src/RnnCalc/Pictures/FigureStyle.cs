using System.Globalization;
using ScottPlot;

namespace RnnCalc.Pictures;

/// <summary>The look every figure shares: one installed font (so renders repeat exactly), sizes and colours.</summary>
internal static class FigureStyle
{
    /// <summary>Debian's fonts-dejavu-core: named explicitly so no system-dependent default font is guessed.</summary>
    public const string FontName = "DejaVu Sans";

    public static readonly Color RawError = Color.FromHex("#9ecae1");
    public static readonly Color SmoothedError = Color.FromHex("#08519c");
    public static readonly Color Accuracy = Color.FromHex("#e6550d");
    public static readonly Color Solved = Color.FromHex("#31a354");
    public static readonly Color Wrong = Color.FromHex("#d62728");
    public static readonly Color Neutral = Color.FromHex("#6b6b6b");

    public static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, size: 17);
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = 14;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = 12;
        }
        return plot;
    }

    /// <summary>Black or white, whichever reads better on <paramref name="background"/>.</summary>
    public static Color TextOn(Color background)
    {
        var luminance = (0.299 * background.R) + (0.587 * background.G) + (0.114 * background.B);
        return luminance > 140 ? Colors.Black : Colors.White;
    }

    /// <summary>Whole numbers with thousands separators, whatever the machine's culture.</summary>
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
