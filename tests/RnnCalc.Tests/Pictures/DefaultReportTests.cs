using System.Text.RegularExpressions;
using System.Xml.Linq;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Pictures;

namespace RnnCalc.Tests.Pictures;

[Collection(DefaultReportGroup.Name)]
public partial class DefaultReportTests(DefaultReportFixture report)
{
    [Fact]
    public void TheReportCommandSucceedsAndSaysWhereThePageIs()
    {
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("index.html", report.Output, StringComparison.Ordinal);
        Assert.Contains("exhaustive accuracy 100.00%", Regex.Replace(report.Output, @"\s+", " "), StringComparison.Ordinal);
        Assert.Contains("no --model given", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ItTrainsTheDefaultNetworkItself()
    {
        var expected = DefaultModels.Subtract.Network;
        Assert.Equal(expected.Input, report.Model.Network.Input);
        Assert.Equal(expected.Recurrent, report.Model.Network.Recurrent);
        Assert.Equal(expected.Output, report.Model.Network.Output);
    }

    [Fact]
    public void EveryFigureIsAValidPngOfItsStatedSize()
    {
        Assert.Equal(6, report.Report.Figures.Count);
        foreach (var figure in report.Report.Figures)
        {
            var header = PngHeader.Read(File.ReadAllBytes(report.File(figure.Name + ".png")));
            Assert.Equal((figure.Width, figure.Height), (header.Width, header.Height));
        }
    }

    [Fact]
    public void EveryFigureIsAlsoSvgThatParsesAsXml()
    {
        foreach (var figure in report.Report.Figures)
        {
            var svg = XDocument.Load(report.File(figure.Name + ".svg"));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.Equal(figure.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), svg.Root.Attribute("width")?.Value);
            Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text");
        }
    }

    [Fact]
    public void ThePicturesWereDrawnFromTheSavedModelAndHistory()
    {
        // Rendering is deterministic, so equal bytes mean equal data: the curve is the history file's, and so on.
        foreach (var figure in report.Report.Figures)
        {
            Assert.True(FigureFile.Png(figure).AsSpan().SequenceEqual(File.ReadAllBytes(report.File(figure.Name + ".png"))), $"{figure.Name}.png differs from a fresh rendering of the saved model and history");
        }
    }

    [Fact]
    public void ThePageInlinesEveryPictureAndNeedsNoNetwork()
    {
        var page = report.Page;
        foreach (var figure in report.Report.Figures)
        {
            Assert.Contains($"<figure id=\"{figure.Name}\">", page, StringComparison.Ordinal);
            var inlined = Regex.Match(page, $"<figure id=\"{figure.Name}\">.*?src=\"data:image/png;base64,([^\"]+)\"", RegexOptions.Singleline);
            Assert.True(inlined.Success, $"{figure.Name} is not inlined");
            Assert.Equal(File.ReadAllBytes(report.File(figure.Name + ".png")), Convert.FromBase64String(inlined.Groups[1].Value));
        }
        Assert.Empty(ExternalReference().Matches(page));
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ThePageShowsAccuracySettingsAndWhatToLookFor()
    {
        var page = report.Page;
        Assert.Contains("100.00%", page, StringComparison.Ordinal);
        Assert.Contains("32,896 of 32,896 pairs", page, StringComparison.Ordinal);
        Assert.Contains("<th>learning rate</th><td>0.9</td>", page, StringComparison.Ordinal);
        Assert.Contains("<th>hidden units</th><td>16</td>", page, StringComparison.Ordinal);
        Assert.Equal(report.Report.Figures.Count, Regex.Count(page, "<figcaption>[^<]{100,}"));
        Assert.Contains("first reach 100% after 2,000 of the 10,000 updates", page, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePageShowsTheProvenMachineWithItsTwoBorrowStates()
    {
        var verification = Assert.IsType<RnnCalc.Verification.VerificationResult>(report.Report.Verification);
        Assert.True(verification.Proven);
        Assert.Equal(2, verification.States);
        Assert.Contains("id=\"machine\"", report.Page, StringComparison.Ordinal);
        Assert.Contains("Proven</span> right for numbers of every length", report.Page, StringComparison.Ordinal);
        var svg = System.Xml.Linq.XDocument.Parse(System.IO.File.ReadAllText(report.File(ReportWriter.MachineFile)));
        Assert.Contains("borrow 1", svg.ToString(), StringComparison.Ordinal);
        // The machine comes as PNG too, the same size as its SVG, as the command and the page say.
        var png = PngHeader.Read(File.ReadAllBytes(report.File(ReportWriter.MachinePng)));
        Assert.Equal(svg.Root!.Attribute("width")!.Value, png.Width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("7 pictures (the machine included), each also as PNG and SVG", Regex.Replace(report.Output, @"\s+", " "), StringComparison.Ordinal);
        Assert.Contains("href=\"machine.png\"", report.Page, StringComparison.Ordinal);
    }

    [Fact]
    public void TheManifestListsEveryFileTheReportWrote()
    {
        var written = Directory.GetFiles(Path.GetDirectoryName(report.File(ReportWriter.PageName))!).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var listed = File.ReadAllLines(report.File(ReportManifest.FileName)).Skip(1).Order(StringComparer.Ordinal);
        Assert.Equal(written, listed);
    }

    [Fact]
    public void TheProofsCertificateIsBesideThePageAndTheCheckerAcceptsIt()
    {
        var check = RnnCalc.Checker.CertificateChecker.Check(System.IO.File.ReadAllBytes(report.File(ReportWriter.CertificateName)));

        Assert.True(check.Accepted, check.Message);
        Assert.Contains($"href=\"{ReportWriter.CertificateName}\"", report.Page, StringComparison.Ordinal);
        Assert.Matches("Decided in [0-9,]+ ms", report.Page);
    }

    [Fact]
    public void TheCurveIsTheHistoryFile()
    {
        var curve = report.Report.Curve!;
        var rows = report.History;
        Assert.Equal(10_000, rows.Count);
        Assert.Equal(rows.Select(r => (double)r.Update), curve.Updates);
        Assert.Equal(rows.Select(r => r.Error), curve.Errors);
        Assert.Equal(rows.Select(r => r.SmoothedError), curve.SmoothedErrors);
        var checks = rows.Where(r => r.Accuracy is not null).ToList();
        Assert.Equal(40, checks.Count);
        Assert.Equal(checks.Select(r => (double)r.Update), curve.CheckUpdates);
        Assert.Equal(checks.Select(r => r.Accuracy!.Value), curve.CheckAccuracies);
        // What a learner should see: the error falls and accuracy reaches 100%.
        Assert.Equal(1.0, curve.CheckAccuracies[^1]);
        Assert.Equal(2_000, curve.SolvedAt);
        Assert.True(curve.SmoothedErrors[^1] < curve.SmoothedErrors[0] / 10);
    }

    [Fact]
    public void TheExampleHeatmapIsTheCalculatorsTrace()
    {
        var trace = DefaultModels.Calculator.Run(Operation.Subtract, 200, 57);
        var heatmap = report.Report.HiddenStates;
        Assert.Equal(trace.Steps.Count, heatmap.Hidden.GetLength(1));
        Assert.Equal(16, heatmap.Hidden.GetLength(0));
        for (var t = 0; t < trace.Steps.Count; t++)
        {
            var step = trace.Steps[t];
            for (var j = 0; j < 16; j++)
            {
                Assert.Equal(step.Hidden[j], heatmap.Hidden[j, t]);
            }
            Assert.Equal(
                (step.A, step.B, step.Probability, step.Emitted, step.Exact, step.ExactState),
                (heatmap.A[t], heatmap.B[t], heatmap.Probability[t], heatmap.Emitted[t], heatmap.Exact[t], heatmap.State[t]));
        }
        // The borrow is there to be seen: it switches on and off in this example.
        Assert.Contains((byte)1, heatmap.State);
        Assert.Contains((byte)0, heatmap.State);
    }

    [Fact]
    public void TheWeightHeatmapsAreTheNetworksWeights()
    {
        var network = report.Model.Network;
        var (input, recurrent, output) = (report.Report.Weights[0], report.Report.Weights[1], report.Report.Weights[2]);
        for (var j = 0; j < network.Hidden; j++)
        {
            Assert.Equal(network.Input[j], input.Values[0, j]);
            Assert.Equal(network.Input[network.Hidden + j], input.Values[1, j]);
            Assert.Equal(network.Output[j], output.Values[0, j]);
            for (var i = 0; i < network.Hidden; i++)
            {
                Assert.Equal(network.Recurrent[(i * network.Hidden) + j], recurrent.Values[i, j]);
            }
        }
        Assert.Equal(network.Recurrent.ToArray().Max(Math.Abs), recurrent.Limit);
    }

    [Fact]
    public void TheGeneralisationChartIsTheMeasurement()
    {
        var expected = LengthGeneralization.Measure(report.Model.Network, Operation.Subtract, LengthGeneralization.DefaultWidths, DefaultReportFixture.Samples, 0);
        var chart = report.Report.GeneralizationChart;
        Assert.Equal(expected, chart.Results);
        Assert.Equal([100.0, .. expected.Select(g => g.Accuracy * 100)], chart.Percentages);
        Assert.Equal(8, chart.TrainingBits);
    }

    [GeneratedRegex("""(src|href)\s*=\s*["']?\s*(https?:|//)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
