using RnnCalc.Persistence;
using RnnCalc.Verification;

namespace RnnCalc.Pictures;

/// <summary>
/// Writes a report into a directory: each figure and the machine as <c>NAME.png</c> and <c>NAME.svg</c>, then
/// <c>index.html</c> with the same PNGs inlined, then the <see cref="ReportManifest"/> naming them. Every file is
/// written atomically; the page comes after the pictures, so it never points at pictures that are missing.
/// </summary>
internal static class ReportWriter
{
    public const string PageName = "index.html";

    /// <summary>The verified machine's drawing, beside the page (and as <see cref="MachinePng"/>).</summary>
    public const string MachineFile = "machine.svg";

    public const string MachinePng = "machine.png";
    /// <summary>The proof's certificate, beside the page when the network is proven (<c>rnncalc check</c> re-checks it).</summary>
    public const string CertificateName = "certificate.json";

    /// <summary>How many steps <see cref="Write"/> reports: one per figure, one for the page.</summary>
    public static int Steps(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Figures.Count + 1;
    }

    /// <summary>Every file <see cref="Write"/> writes for <paramref name="report"/>, the manifest included.</summary>
    public static IReadOnlyList<string> FileNames(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            .. report.Figures.SelectMany(f => new[] { f.Name + ".png", f.Name + ".svg" }),
            .. report.Verification is null ? Array.Empty<string>() : [MachinePng, MachineFile],
            .. report.Verification is { Certifiable: true } ? [CertificateName] : Array.Empty<string>(),
            PageName,
            ReportManifest.FileName,
        ];
    }

    /// <summary>
    /// Writes the report; returns the page's path. <paramref name="onStep"/> gets the steps done so far;
    /// <paramref name="alsoWritten"/> names files the caller wrote beside it, for the manifest.
    /// </summary>
    public static string Write(Report report, string directory, Action<int>? onStep = null, IEnumerable<string>? alsoWritten = null)
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
            AtomicFile.WriteAllBytes(Path.Combine(directory, MachinePng), MachineDrawing.Png(verification));
            AtomicFile.WriteAllText(Path.Combine(directory, MachineFile), MachineDrawing.Svg(verification));
            if (verification.Certifiable)
            {
                CertificateFile.Save(Path.Combine(directory, CertificateName), report.Model, verification);
            }
        }
        var page = Path.Combine(directory, PageName);
        AtomicFile.WriteAllText(page, ReportPage.Render(report, figure => pngs.TryGetValue(figure, out var png) ? png : FigureFile.Png(figure)));
        ReportManifest.Write(directory, FileNames(report).Concat(alsoWritten ?? []));
        onStep?.Invoke(++done);
        return page;
    }
}
