using System.Globalization;
using RnnCalc.Evaluation;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace RnnCalc.Pictures;

/// <summary>
/// Length generalisation as bars: the share of random problems exactly right at each width, far beyond the
/// training width, led by the exhaustive accuracy at the training width itself when it was measured.
/// </summary>
internal sealed class GeneralizationChart : IFigure
{
    public GeneralizationChart(IReadOnlyList<GeneralizationResult> results, int trainingBits, EvaluationReport? exhaustive)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
        TrainingBits = trainingBits;
        Exhaustive = exhaustive;
    }

    public string Name => "length-generalisation";

    public string Title => "Wider than it was trained on: exactly right answers by width";

    public int Width => 900;

    public int Height => 480;

    /// <summary>The measured widths, as <see cref="LengthGeneralization.Measure"/> returned them.</summary>
    public IReadOnlyList<GeneralizationResult> Results { get; }

    public int TrainingBits { get; }

    public EvaluationReport? Exhaustive { get; }

    /// <summary>The bars' labels, left to right.</summary>
    public IReadOnlyList<string> Labels =>
    [
        .. Exhaustive is null ? [] : new[] { Bits(TrainingBits) + "\n(every pair)" },
        .. Results.Select(r => Bits(r.Bits) + "\n(" + FigureStyle.Count(r.Samples) + " random)"),
    ];

    /// <summary>The bars' heights: accuracy in percent, left to right.</summary>
    public IReadOnlyList<double> Percentages =>
    [
        .. Exhaustive is null ? [] : new[] { Exhaustive.Accuracy * 100 },
        .. Results.Select(r => r.Accuracy * 100),
    ];

    public Plot CreatePlot()
    {
        var plot = FigureStyle.NewPlot(Title);
        var labels = Labels;
        var percentages = Percentages;
        var bars = new List<Bar>();
        for (var i = 0; i < percentages.Count; i++)
        {
            var trained = Exhaustive is not null && i == 0;
            var perfect = percentages[i] >= 100;
            bars.Add(new Bar
            {
                Position = i,
                Value = percentages[i],
                FillColor = trained ? FigureStyle.Neutral : perfect ? FigureStyle.Solved : FigureStyle.Wrong,
                Label = percentages[i].ToString("0.##", CultureInfo.InvariantCulture) + "%",
                Size = 0.6,
            });
        }
        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 14;
        plottable.ValueLabelStyle.Bold = true;
        var ticks = new NumericManual();
        for (var i = 0; i < labels.Count; i++)
        {
            ticks.AddMajor(i, labels[i]);
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.Label.Text = "operand width (the network was trained on " + Bits(TrainingBits) + ")";
        plot.Axes.Left.Label.Text = "problems exactly right (%)";
        plot.Axes.SetLimits(-0.6, Math.Max(percentages.Count, 1) - 0.4, 0, 112);
        plot.HideGrid();
        return plot;
    }

    private static string Bits(int bits) => bits.ToString(CultureInfo.InvariantCulture) + " bits";
}
