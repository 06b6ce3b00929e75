using RnnCalc.Training;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace RnnCalc.Pictures;

/// <summary>
/// The training curve: the error after each update, raw and smoothed, on the left axis, and the exhaustive
/// accuracy at each check on the right axis, against updates. Its series are exactly the history's rows.
/// </summary>
internal sealed class TrainingCurve : IFigure
{
    public TrainingCurve(IReadOnlyList<HistoryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Updates = [.. rows.Select(r => (double)r.Update)];
        Errors = [.. rows.Select(r => r.Error)];
        SmoothedErrors = [.. rows.Select(r => r.SmoothedError)];
        var checks = rows.Where(r => r.Accuracy is not null).ToList();
        CheckUpdates = [.. checks.Select(r => (double)r.Update)];
        CheckAccuracies = [.. checks.Select(r => r.Accuracy!.Value)];
        SolvedAt = checks.FirstOrDefault(r => r.Accuracy == 1.0) is { Accuracy: not null } solved ? solved.Update : null;
    }

    public string Name => "training-curve";

    /// <summary>Promises the accuracy line only when a check ran (checks run with --until-solved or --check-every).</summary>
    public string Title => CheckAccuracies.Length > 0
        ? "Training curve: the error of each update, and the share of every pair right at each check"
        : "Training curve: the error of each update (no exhaustive check ran)";

    public int Width => 1000;

    public int Height => 560;

    /// <summary>The update of each plotted error (x of both error series).</summary>
    public double[] Updates { get; }

    /// <summary>The error of that update's example: the tutorial's overallError.</summary>
    public double[] Errors { get; }

    /// <summary>The exponentially smoothed error (about the last 100 updates).</summary>
    public double[] SmoothedErrors { get; }

    /// <summary>The updates after which the whole exhaustive set was checked.</summary>
    public double[] CheckUpdates { get; }

    /// <summary>The fraction of exhaustive pairs right at each check (0 to 1).</summary>
    public double[] CheckAccuracies { get; }

    /// <summary>The first check at which every pair was right, if any.</summary>
    public long? SolvedAt { get; }

    public static TrainingCurve Of(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new TrainingCurve(history.Rows);
    }

    /// <summary>Saves the curve of <paramref name="history"/> as PNG or SVG (by the path's extension).</summary>
    public static void Save(TrainingHistory history, string path) => FigureFile.Save(Of(history), path);

    public Plot CreatePlot()
    {
        var plot = FigureStyle.NewPlot(Title);
        var raw = plot.Add.ScatterLine(Updates, Errors, FigureStyle.RawError);
        raw.LineWidth = 1;
        raw.LegendText = "error of each update's example";
        var smoothed = plot.Add.ScatterLine(Updates, SmoothedErrors, FigureStyle.SmoothedError);
        smoothed.LineWidth = 2.5f;
        smoothed.LegendText = "error, smoothed (about 100 updates)";
        plot.Axes.Left.Label.Text = "error (sum over the bits of |target − output|)";
        plot.Axes.Bottom.Label.Text = "updates (one training example each)";
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = FigureStyle.Count };
        var lastUpdate = Updates.Length > 0 ? Updates[^1] : 1;
        var highestError = Errors.Where(double.IsFinite).DefaultIfEmpty(1).Max();
        // A little room right of the last update, so a check there (as --until-solved ends on) is drawn whole.
        plot.Axes.SetLimitsX(0, Math.Max(1, lastUpdate) * 1.03);
        var errorTop = Math.Max(highestError, 0.1) * 1.05;
        plot.Axes.SetLimitsY(0, errorTop, plot.Axes.Left);

        if (CheckUpdates.Length > 0)
        {
            var percent = CheckAccuracies.Select(a => a * 100).ToArray();
            var accuracy = plot.Add.Scatter(CheckUpdates, percent, FigureStyle.Accuracy);
            accuracy.Axes.YAxis = plot.Axes.Right;
            accuracy.LineWidth = 2;
            accuracy.MarkerSize = 7;
            accuracy.LegendText = "exhaustive accuracy at each check";
            plot.Axes.Right.Label.Text = "pairs right (%)";
            plot.Axes.Right.Label.ForeColor = FigureStyle.Accuracy;
            plot.Axes.Right.TickLabelStyle.ForeColor = FigureStyle.Accuracy;
            plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        }
        if (SolvedAt is { } solvedAt)
        {
            plot.Add.VerticalLine(solvedAt, 1.5f, FigureStyle.Solved, LinePattern.Dashed);
            // Beside the line at mid-height: once solved, the error is low and accuracy is at the top, so it is empty.
            var label = plot.Add.Text($"every pair right at update {FigureStyle.Count(solvedAt)}", solvedAt, errorTop * 0.55);
            var late = solvedAt > 0.6 * lastUpdate;
            label.LabelAlignment = late ? Alignment.MiddleRight : Alignment.MiddleLeft;
            label.OffsetX = late ? -6 : 6;
            label.LabelFontSize = 13;
            label.LabelFontName = FigureStyle.FontName;
            label.LabelFontColor = Colors.White;
            label.LabelBackgroundColor = FigureStyle.Solved;
            label.LabelPadding = 4;
        }
        plot.Legend.FontSize = 13;
        // Below the axes, where no curve can hide behind it.
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
