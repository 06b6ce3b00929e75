using System.Xml.Linq;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Persistence;
using RnnCalc.Pictures;

namespace RnnCalc.Tests.Pictures;

public class FigureTests
{
    private static Trace Trace(RecurrentNetwork network, int a, int b) =>
        new Calculator(new Dictionary<Operation, RecurrentNetwork> { [Operation.Subtract] = network }).Run(Operation.Subtract, a, b);

    [Fact]
    public void RenderingTheSameFigureTwiceGivesTheSameBytes()
    {
        IFigure[] figures = [TrainingCurve.Of(SmallModel.History), WeightHeatmap.Recurrent(SmallModel.Model.Network), new HiddenStateHeatmap(Trace(SmallModel.Model.Network, 13, 6))];
        foreach (var figure in figures)
        {
            Assert.Equal(FigureFile.Png(figure), FigureFile.Png(figure));
            Assert.Equal(FigureFile.Svg(figure), FigureFile.Svg(figure));
        }
    }

    [Fact]
    public void TrainingCurveSaveWritesPngOrSvgByTheFileName()
    {
        using var dir = new TempDirectory();
        var curve = TrainingCurve.Of(SmallModel.History);
        TrainingCurve.Save(SmallModel.History, dir.File("curve.png"));
        TrainingCurve.Save(SmallModel.History, dir.File("curve.SVG"));
        var png = PngHeader.Read(File.ReadAllBytes(dir.File("curve.png")));
        Assert.Equal((curve.Width, curve.Height), (png.Width, png.Height));
        Assert.Equal("svg", XDocument.Load(dir.File("curve.SVG")).Root!.Name.LocalName);
        Assert.Equal(["curve.SVG", "curve.png"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TrainingCurveSaveRefusesOtherFormatsAndMissingDirectories()
    {
        using var dir = new TempDirectory();
        Assert.True(FigureFile.IsPictureName("a/curve.PNG"));
        Assert.False(FigureFile.IsPictureName("curve.jpg"));
        var jpeg = Assert.Throws<OutputFileException>(() => TrainingCurve.Save(SmallModel.History, dir.File("curve.jpg")));
        Assert.Contains("ends in .png or .svg", jpeg.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<OutputFileException>(() => TrainingCurve.Save(SmallModel.History, dir.File("nowhere/curve.png")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void TheCurveIsTheHistorysRows()
    {
        var rows = SmallModel.History.Rows;
        var curve = TrainingCurve.Of(SmallModel.History);
        Assert.Equal(rows.Select(r => r.Error), curve.Errors);
        Assert.Equal(rows.Where(r => r.Accuracy is not null).Select(r => r.Accuracy!.Value), curve.CheckAccuracies);
        Assert.Equal(6, curve.CheckUpdates.Length);
    }

    [Fact]
    public void AWrongCalculationSaysSoInItsTitle()
    {
        var trace = Trace(SmallModel.Untrained.Network, 13, 6);
        Assert.False(trace.Correct);
        var heatmap = new HiddenStateHeatmap(trace);
        Assert.Contains($"exact is {trace.Exact}", heatmap.Title, StringComparison.Ordinal);
        Assert.Equal(3, heatmap.Hidden.GetLength(0));
        PngHeader.Read(FigureFile.Png(heatmap));
    }

    [Fact]
    public void WeightsAreDrawnOnAScaleCentredOnZero()
    {
        var input = WeightHeatmap.Input(SmallModel.Model.Network);
        Assert.Equal(SmallModel.Model.Network.Input.ToArray().Max(Math.Abs), input.Limit);
        Assert.Equal(["a bit", "b bit"], input.RowLabels);
        Assert.Equal(["h0", "h1", "h2", "h3", "h4", "h5"], input.ColumnLabels);
    }

    [Fact]
    public void AReportWithoutHistoryHasNoCurveAndSaysWhy()
    {
        using var dir = new TempDirectory();
        var report = Report.Measure(SmallModel.Model, null, 9, 3, 10);
        Assert.Null(report.Curve);
        Assert.Equal(5, report.Figures.Count);
        var page = File.ReadAllText(ReportWriter.Write(report, dir.Path));
        Assert.Contains("No training history was given", page, StringComparison.Ordinal);
        // Five pictures and the machine, each as PNG and SVG, the page, and the manifest naming them all.
        Assert.Equal((6 * 2) + 1 + 1, Directory.GetFiles(dir.Path).Length);
        Assert.Equal(ReportWriter.FileNames(report).Order(StringComparer.Ordinal), Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheReportOfTutorialRangeAdditionSaysOnlyTheLowBitsAreLearned()
    {
        var model = new RnnCalc.Training.Trainer(RnnCalc.Training.TrainingConfig.Tutorial with { Bits = 4, Hidden = 4, Iterations = 50, Operation = Operation.Add }).Run();
        var page = ReportPage.Render(Report.Measure(model, null, 9, 3, 0), FigureFile.Png);
        Assert.Contains("only the low 4 bits of each sum are trained and checked", page, StringComparison.Ordinal);
        Assert.DoesNotContain("only the low", ReportPage.Render(Report.Measure(SmallModel.Model, null, 9, 3, 0), FigureFile.Png), StringComparison.Ordinal);
    }

    [Fact]
    public void TheTrainingCurvePromisesTheAccuracyLineOnlyWhenACheckRan()
    {
        var unverified = new RnnCalc.Training.Trainer(RnnCalc.Training.TrainingConfig.Tutorial with { Iterations = 300 }, recordHistory: true);
        unverified.Run();
        Assert.Contains("no exhaustive check ran", TrainingCurve.Of(unverified.History!).Title, StringComparison.Ordinal);
        var solved = new RnnCalc.Training.Trainer(RnnCalc.Training.TrainingConfig.Tutorial with { UntilSolved = true }, recordHistory: true);
        solved.Run();
        var curve = TrainingCurve.Of(solved.History!);
        Assert.Contains("at each check", curve.Title, StringComparison.Ordinal);
        // The check --until-solved ends on is the last update: the x axis reaches past it, so its dot is drawn whole.
        var plot = curve.CreatePlot();
        Assert.True(plot.Axes.Bottom.Max > solved.Updates);
    }
}
