using System.Globalization;
using System.Net;
using System.Text;
using RnnCalc.Arithmetic;
using RnnCalc.Persistence;

namespace RnnCalc.Pictures;

/// <summary>
/// The report as one self-contained HTML page: every picture inlined as a PNG data URI (no network, no scripts),
/// the model's settings, its exhaustive accuracy, and a few sentences under each picture.
/// </summary>
internal static class ReportPage
{
    private const string Style = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 1040px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
        h1 { margin-bottom: 0.2em; }
        .headline { font-size: 1.25em; margin: 0.6em 0; }
        .right { color: #31a354; font-weight: bold; }
        .wrong { color: #d62728; font-weight: bold; }
        figure { margin: 2.2em 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
        figcaption { margin-top: 0.5em; }
        .files { font-size: 0.85em; color: #666; }
        table { border-collapse: collapse; }
        td, th { padding: 0.2em 0.9em; border-bottom: 1px solid #eee; text-align: left; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        """;

    /// <summary>The page; <paramref name="png"/> gives each figure's PNG bytes (rendered once by the caller).</summary>
    public static string Render(Report report, Func<IFigure, byte[]> png)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(png);
        var config = report.Model.Config;
        var problems = config.Problems;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>RnnCalc report: {problems.Bits}-bit {Encode(config.Operation.Name)}</title>\n");
        html.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>RnnCalc report: {problems.Bits}-bit {Encode(config.Operation.Name)}, hidden {config.Hidden}, seed {config.Seed}</h1>\n");
        if (report.Source is { } source)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(source)}</p>\n");
        }
        AppendHeadline(html, report);
        html.Append("<nav><p>");
        html.AppendJoin(" · ", report.Figures.Select(f => $"<a href=\"#{f.Name}\">{Encode(Heading(f))}</a>"));
        html.Append("</p></nav>\n");
        if (report.Curve is null)
        {
            html.Append("<p>No training history was given, so there is no training curve: pass <code>--history FILE.csv</code> written by <code>rnncalc train --history</code>.</p>\n");
        }
        foreach (var figure in report.Figures)
        {
            var base64 = Convert.ToBase64String(png(figure));
            html.Append(CultureInfo.InvariantCulture, $"<figure id=\"{figure.Name}\">\n<h2>{Encode(Heading(figure))}</h2>\n");
            html.Append(CultureInfo.InvariantCulture, $"<img src=\"data:image/png;base64,{base64}\" width=\"{figure.Width}\" height=\"{figure.Height}\" alt=\"{Encode(figure.Title)}\">\n");
            html.Append(CultureInfo.InvariantCulture, $"<figcaption>{Encode(ReportCaptions.For(report, figure))}<br><span class=\"files\">Also beside this page: <a href=\"{figure.Name}.png\">{figure.Name}.png</a>, <a href=\"{figure.Name}.svg\">{figure.Name}.svg</a></span></figcaption>\n</figure>\n");
        }
        AppendMachine(html, report);
        AppendSettings(html, report);
        html.Append("<p class=\"files\">Made by <code>rnncalc report</code>.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendHeadline(StringBuilder html, Report report)
    {
        var problems = report.Model.Config.Problems;
        if (report.Exhaustive is { } exhaustive)
        {
            var range = ProblemText.Range(problems);
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"headline\">Exhaustive accuracy: <span class=\"{(exhaustive.AllCorrect ? "right" : "wrong")}\">{exhaustive.Accuracy * 100:F2}%</span> — {exhaustive.Correct:N0} of {exhaustive.Pairs:N0} pairs ({Encode(range)}) exactly right.</p>\n");
            if (ProblemText.Learned(problems) is { Length: > 0 } learned)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>Note: {Encode(learned)}; <code>rnncalc calc</code> runs one step more, for the carry.</p>\n");
            }
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"headline\">Exhaustive accuracy: not measured (training width {problems.Bits} is above {Report.MaxExhaustiveBits} bits).</p>\n");
        }
        var example = report.Example;
        var verdict = example.Correct ? "<span class=\"right\">right</span>" : Invariant($"<span class=\"wrong\">wrong</span> (exact: {example.Exact})");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"headline\">Example: {example.A} {Encode(example.Operation.Symbol.ToString())} {example.B} = {example.Result} — {verdict}.</p>\n");
    }

    private static void AppendMachine(StringBuilder html, Report report)
    {
        if (report.Verification is not { } v)
        {
            return;
        }
        var svg = Convert.ToBase64String(Encoding.UTF8.GetBytes(MachineDrawing.Svg(v)));
        html.Append("<figure id=\"machine\">\n<h2>The machine inside</h2>\n");
        html.Append(CultureInfo.InvariantCulture, $"<img src=\"data:image/svg+xml;base64,{svg}\" alt=\"The minimised machine the network implements\">\n");
        var verdict = v.Proven
            ? $"<span class=\"right\">Proven</span> right for numbers of every length: {Encode(v.Reason)}."
            : $"<span class=\"wrong\">Not proven</span>: {Encode(v.Reason)}.";
        html.Append(CultureInfo.InvariantCulture, $"<figcaption>{verdict} Decided in {v.Elapsed.TotalMilliseconds:N0} ms. ");
        html.Append(CultureInfo.InvariantCulture, $"The hidden states the network reaches were grouped into {v.AbstractStates:N0} abstract states and minimised to {v.States} states, drawn here with each arrow labelled <code>ab/bit</code> (input bits a and b, the bit the network emits). ");
        html.Append(CultureInfo.InvariantCulture, $"A correct {Encode(v.Operation.Name)} network has exactly two: {Encode(v.Operation.StateName)} 0 and {Encode(v.Operation.StateName)} 1. ");
        if (v.Counterexample is { } c)
        {
            html.Append(CultureInfo.InvariantCulture, $"Counterexample: {c.A} {Encode(v.Operation.Symbol.ToString())} {c.B} should be {c.Exact}, the network says {c.Network}. ");
        }
        var certificate = v.Certifiable
            ? $" and the proof's certificate <a href=\"{ReportWriter.CertificateName}\">{ReportWriter.CertificateName}</a> (re-check it with <code>rnncalc check {ReportWriter.CertificateName}</code>)"
            : string.Empty;
        html.Append(CultureInfo.InvariantCulture, $"<br><span class=\"files\">Also beside this page: <a href=\"{ReportWriter.MachinePng}\">{ReportWriter.MachinePng}</a>, <a href=\"{ReportWriter.MachineFile}\">{ReportWriter.MachineFile}</a>{certificate}</span></figcaption>\n</figure>\n");
    }

    private static void AppendSettings(StringBuilder html, Report report)
    {
        var c = report.Model.Config;
        var t = report.Model.Training;
        (string Name, string Value)[] settings =
        [
            ("operation", c.Operation.Name),
            ("bits", Invariant($"{c.Bits}")),
            ("range", ModelFile.RangeName(c.Range)),
            ("hidden units", Invariant($"{c.Hidden}")),
            ("seed", Invariant($"{c.Seed}")),
            ("learning rate", Invariant($"{c.LearningRate}")),
            ("optimizer", ModelFile.OptimizerName(c.Optimizer)),
            ("batch", Invariant($"{c.Batch}")),
            ("gradient clip", c.Clip is { } clip ? Invariant($"{clip}") : "none"),
            ("initial weight scale", Invariant($"{c.InitScale}")),
            ("initial hidden value", Invariant($"{c.InitialHidden}")),
            ("iterations (cap)", Invariant($"{c.Iterations:N0}")),
            ("until solved", c.UntilSolved ? "yes" : "no"),
            ("check every", c.EffectiveCheckEvery is { } every ? Invariant($"{every:N0} updates") : "no checks"),
            ("exp", ModelFile.ExpName(c.Exp)),
            ("updates run", Invariant($"{t.Updates:N0}")),
            ("sequences seen", Invariant($"{t.SequencesSeen:N0}")),
            ("final error", double.IsFinite(t.FinalError) ? Invariant($"{t.FinalError:G6}") : "unknown"),
            ("solved at", t.SolvedAt is { } solvedAt ? Invariant($"update {solvedAt:N0}") : "not recorded"),
            ("diverged", t.Diverged ? "yes" : "no"),
        ];
        html.Append("<h2 id=\"settings\">The model's settings</h2>\n<table>\n");
        foreach (var (name, value) in settings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Encode(name)}</th><td>{Encode(value)}</td></tr>\n");
        }
        html.Append("</table>\n");
        html.Append("<h2 id=\"generalisation-table\">Length generalisation</h2>\n<table>\n<tr><th>bits</th><th>samples</th><th>exactly right</th><th>accuracy</th></tr>\n");
        foreach (var g in report.Generalization)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"number\">{g.Bits}</td><td class=\"number\">{g.Samples:N0}</td><td class=\"number\">{g.Correct:N0}</td><td class=\"number\">{g.Accuracy * 100:F2}%</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    /// <summary>A short section name; the picture's own title (drawn in it) says more.</summary>
    private static string Heading(IFigure figure) => figure switch
    {
        TrainingCurve => "Training curve",
        WeightHeatmap { Name: "weights-input" } => "Input weights",
        WeightHeatmap { Name: "weights-recurrent" } => "Recurrent weights",
        WeightHeatmap => "Output weights",
        HiddenStateHeatmap states => Invariant($"Inside one calculation: {states.Trace.A} {states.Trace.Operation.Symbol} {states.Trace.B}"),
        GeneralizationChart => "Length generalisation",
        _ => figure.Title,
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
