using System.Globalization;
using System.Text;
using RnnCalc.Verification;

namespace RnnCalc.Pictures;

/// <summary>The minimised machine as Graphviz dot and as a self-contained SVG picture (circles, arrows, "ab/bit" labels).</summary>
public static class MachineDrawing
{
    public static string StateName(int state) => string.Create(CultureInfo.InvariantCulture, $"s{state}");

    /// <summary>
    /// What a state stands for, e.g. "borrow 1", or empty when it matches no reference state. Unproven, a state only
    /// acts like one on the hidden states explored, and says so: "≈ borrow 1".
    /// </summary>
    public static string Meaning(VerificationResult result, int state)
    {
        ArgumentNullException.ThrowIfNull(result);
        return state < result.ReferenceStates.Count && result.ReferenceStates[state] is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"{(result.Proven ? string.Empty : "≈ ")}{result.Operation.StateName} {r}")
            : string.Empty;
    }

    public static string Dot(VerificationResult result)
    {
        var machine = result.Machine;
        var dot = new StringBuilder();
        dot.Append("digraph machine {\n  rankdir=LR;\n  node [shape=circle, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=11];\n");
        dot.Append("  start [shape=point];\n  start -> s0;\n");
        for (var s = 0; s < machine.States; s++)
        {
            var meaning = Meaning(result, s);
            dot.Append(CultureInfo.InvariantCulture, $"  {StateName(s)} [label=\"{StateName(s)}{(meaning.Length > 0 ? "\\n" + meaning : string.Empty)}\"];\n");
        }
        foreach (var ((from, to), labels) in Edges(machine))
        {
            dot.Append(CultureInfo.InvariantCulture, $"  {StateName(from)} -> {StateName(to)} [label=\"{string.Join("\\n", labels)}\"];\n");
        }
        dot.Append("}\n");
        return dot.ToString();
    }

    /// <summary>States on a circle (a grid past 16), each edge labelled with its "ab/bit" transitions.</summary>
    public static string Svg(VerificationResult result)
    {
        var machine = result.Machine;
        var n = machine.States;
        const double Radius = 30;
        var positions = Layout(n, out var width, out var height);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        svg.Append("  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#333\"/></marker></defs>\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <rect width=\"{width:0}\" height=\"{height:0}\" fill=\"white\"/>\n");
        var title = result.Proven ? $"{result.Operation.Name}: proven" : $"{result.Operation.Name}, not proven: what it does on the states explored";
        svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"12\" y=\"22\" font-size=\"14\" fill=\"#333\">{Escape(title)}</text>\n");
        // The initial state's entry arrow.
        var (x0, y0) = positions[0];
        svg.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{x0 - Radius - 30:0.#}\" y1=\"{y0:0.#}\" x2=\"{x0 - Radius:0.#}\" y2=\"{y0:0.#}\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n");
        var edges = Edges(machine);
        foreach (var ((from, to), labels) in edges)
        {
            // Past a ring of states the labels would only pile up; the dot file has them.
            var text = n <= 16 ? string.Join(", ", labels) : string.Empty;
            var (x1, y1) = positions[from];
            if (from == to)
            {
                // A loop above the state (below when the state sits low in the picture).
                var up = y1 <= height * 0.6 ? -1 : 1;
                var (ax, ay) = (x1 - 12, y1 + (up * Radius * 0.9));
                var (bx, by) = (x1 + 12, y1 + (up * Radius * 0.9));
                svg.Append(CultureInfo.InvariantCulture, $"  <path d=\"M {ax:0.#} {ay:0.#} C {x1 - 40:0.#} {y1 + (up * 95):0.#}, {x1 + 40:0.#} {y1 + (up * 95):0.#}, {bx:0.#} {by:0.#}\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n");
                svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{x1:0.#}\" y=\"{y1 + (up * 82) + (up > 0 ? 12 : 0):0.#}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">{Escape(text)}</text>\n");
                continue;
            }
            var (x2, y2) = positions[to];
            var (dx, dy) = (x2 - x1, y2 - y1);
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            var (ux, uy) = (dx / length, dy / length);
            // Bend every edge to its left, so a pair of opposite edges do not overlap.
            var bend = Math.Min(40, length / 4);
            var (mx, my) = (((x1 + x2) / 2) + (uy * bend), ((y1 + y2) / 2) - (ux * bend));
            var (sx, sy) = Toward(x1, y1, mx, my, Radius);
            var (ex, ey) = Toward(x2, y2, mx, my, Radius);
            svg.Append(CultureInfo.InvariantCulture, $"  <path d=\"M {sx:0.#} {sy:0.#} Q {mx:0.#} {my:0.#} {ex:0.#} {ey:0.#}\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n");
            // The label sits just off the curve's midpoint, on the side it bends to.
            var (lx, ly) = (((x1 + x2 + (2 * mx)) / 4) + (uy * 8), ((y1 + y2 + (2 * my)) / 4) - (ux * 8));
            var baseline = -ux < 0 ? ly - 2 : ly + 12;
            svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{lx:0.#}\" y=\"{baseline:0.#}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">{Escape(text)}</text>\n");
        }
        for (var s = 0; s < n; s++)
        {
            var (x, y) = positions[s];
            var meaning = Meaning(result, s);
            svg.Append(CultureInfo.InvariantCulture, $"  <circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{Radius:0}\" fill=\"#eef4fb\" stroke=\"#333\" stroke-width=\"1.5\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{x:0.#}\" y=\"{y + (meaning.Length > 0 ? -2 : 5):0.#}\" font-size=\"14\" text-anchor=\"middle\" fill=\"#111\">{StateName(s)}</text>\n");
            if (meaning.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{x:0.#}\" y=\"{y + 13:0.#}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">{Escape(meaning)}</text>\n");
            }
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Transitions grouped by (from, to), each labelled "ab/bit".</summary>
    public static IReadOnlyList<((int From, int To) Edge, List<string> Labels)> Edges(MealyMachine machine)
    {
        var edges = new Dictionary<(int, int), List<string>>();
        var order = new List<(int, int)>();
        for (var s = 0; s < machine.States; s++)
        {
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var key = (s, machine.Next(s, pair));
                if (!edges.TryGetValue(key, out var labels))
                {
                    labels = [];
                    edges[key] = labels;
                    order.Add(key);
                }
                labels.Add(string.Create(CultureInfo.InvariantCulture, $"{InputPair.Label(pair)}/{machine.Output(s, pair)}"));
            }
        }
        return [.. order.Select(k => (k, edges[k]))];
    }

    private static (double X, double Y)[] Layout(int n, out double width, out double height)
    {
        var positions = new (double, double)[n];
        if (n == 1)
        {
            (width, height) = (320, 280);
            positions[0] = (160, 165);
        }
        else if (n == 2)
        {
            (width, height) = (520, 280);
            positions[0] = (150, 165);
            positions[1] = (370, 165);
        }
        else if (n <= 16)
        {
            var ring = Math.Max(120, n * 24);
            (width, height) = ((2 * ring) + 220, (2 * ring) + 220);
            for (var s = 0; s < n; s++)
            {
                var angle = Math.PI + (2 * Math.PI * s / n);
                positions[s] = ((width / 2) + (ring * Math.Cos(angle)), (height / 2) + (ring * Math.Sin(angle)));
            }
        }
        else
        {
            var columns = (int)Math.Ceiling(Math.Sqrt(n));
            var rows = (n + columns - 1) / columns;
            (width, height) = ((columns * 160) + 80, (rows * 160) + 80);
            for (var s = 0; s < n; s++)
            {
                positions[s] = (120 + (s % columns * 160), 120 + (s / columns * 160));
            }
        }
        return positions;
    }

    /// <summary>The point on a state's circle in the direction of (tx, ty).</summary>
    private static (double X, double Y) Toward(double x, double y, double tx, double ty, double radius)
    {
        var (dx, dy) = (tx - x, ty - y);
        var length = Math.Max(1e-9, Math.Sqrt((dx * dx) + (dy * dy)));
        return (x + (dx / length * radius), y + (dy / length * radius));
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
