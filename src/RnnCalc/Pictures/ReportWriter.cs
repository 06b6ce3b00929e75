using RnnCalc.Persistence;
using RnnCalc.Verification;

namespace RnnCalc.Pictures;

/// <summary>
/// Writes a report into a directory: each figure as <c>NAME.png</c> and <c>NAME.svg</c>, then <c>index.html</c>
/// with the same PNGs inlined. Every file is written atomically; the page comes last, so it never points at
/// pictures that are missing.
/// </summary>
public static class ReportWriter
{
    public const string PageName = "index.html";

    /// <summary>The verified machine's drawing, beside the page.</summary>
    public const string MachineFile = "machine.svg";

    /// <summary>The proof's certificate, beside the page when the network is proven (<c>rnncalc check</c> re-checks it).</summary>
    public const string CertificateName = "certificate.json";

    /// <summary>How many steps <see cref="Write"/> reports: one per figure, one for the page.</summary>
    public static int Steps(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Figures.Count + 1;
    }

    /// <summary>Writes the report; returns the page's path. <paramref name="onStep"/> gets the steps done so far.</summary>
    public static string Write(Report report, string directory, Action<int>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException($"cannot create directory '{directory}': {e.Message}", e);
        }
        var pngs = new Dictionary<IFigure, byte[]>();
        var done = 0;
        foreach (var figure in report.Figures)
        {
            var png = FigureFile.Png(figure);
            AtomicFile.WriteAllBytes(Path.Combine(directory, figure.Name + ".png"), png);
            AtomicFile.WriteAllText(Path.Combine(directory, figure.Name + ".svg"), FigureFile.Svg(figure));
            pngs[figure] = png;
            onStep?.Invoke(++done);
        }
        if (report.Verification is { } verification)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, MachineFile), MachineDrawing.Svg(verification));
            if (verification.Proven)
            {
                CertificateFile.Save(Path.Combine(directory, CertificateName), report.Model, verification);
            }
        }
        var page = Path.Combine(directory, PageName);
        AtomicFile.WriteAllText(page, ReportPage.Render(report, figure => pngs.TryGetValue(figure, out var png) ? png : FigureFile.Png(figure)));
        onStep?.Invoke(++done);
        return page;
    }
}
