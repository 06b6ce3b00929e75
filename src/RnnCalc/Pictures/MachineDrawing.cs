using System.Globalization;
using System.Text;
using RnnCalc.Verification;

namespace RnnCalc.Pictures;

/// <summary>The minimised machine as Graphviz dot and as a self-contained SVG picture (circles, arrows, "ab/bit" labels).</summary>
internal static class MachineDrawing
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
    public static string Svg(VerificationResult result) => Scene(result).Svg();

    /// <summary>The same drawing as <see cref="Svg"/>, as PNG.</summary>
    public static byte[] Png(VerificationResult result) => Scene(result).Png();

    private static MachineScene Scene(VerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var machine = result.Machine;
        var n = machine.States;
        const double Radius = 30;
        var positions = Layout(n, out var width, out var height);
        var scene = new MachineScene(width, height);
        var title = result.Proven ? $"{result.Operation.Name}: proven" : $"{result.Operation.Name}, not proven: what it does on the states explored";
        scene.Text(12, 22, 14, "#333", title, centred: false);
        // The initial state's entry arrow.
        var (x0, y0) = positions[0];
        scene.Arrow(Invariant($"M {x0 - Radius - 30:0.#} {y0:0.#} L {x0 - Radius:0.#} {y0:0.#}"), (x0 - Radius - 30, y0), (x0 - Radius, y0));
        foreach (var ((from, to), labels) in Edges(machine))
        {
            // Past a ring of states the labels would only pile up; the dot file has them.
            var text = n <= 16 ? string.Join(", ", labels) : string.Empty;
            var (x1, y1) = positions[from];
            if (from == to)
            {
                // A loop above the state (below when the state sits low in the picture), leaving and entering its circle.
                var up = y1 <= height * 0.6 ? -1 : 1;
                var (ax, ay) = (x1 - 12, y1 + (up * Radius * 0.9));
                var (bx, by) = (x1 + 12, y1 + (up * Radius * 0.9));
                var (cx, cy) = (x1 + 40, y1 + (up * 95));
                scene.Arrow(Invariant($"M {ax:0.#} {ay:0.#} C {x1 - 40:0.#} {cy:0.#}, {cx:0.#} {cy:0.#}, {bx:0.#} {by:0.#}"), (cx, cy), (bx, by));
                scene.Text(x1, y1 + (up * 82) + (up > 0 ? 12 : 0), 12, "#333", text);
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
            scene.Arrow(Invariant($"M {sx:0.#} {sy:0.#} Q {mx:0.#} {my:0.#} {ex:0.#} {ey:0.#}"), (mx, my), (ex, ey));
            // The label sits just off the curve's midpoint, on the side it bends to.
            var (lx, ly) = (((x1 + x2 + (2 * mx)) / 4) + (uy * 8), ((y1 + y2 + (2 * my)) / 4) - (ux * 8));
            scene.Text(lx, -ux < 0 ? ly - 2 : ly + 12, 12, "#333", text);
        }
        for (var s = 0; s < n; s++)
        {
            var (x, y) = positions[s];
            var meaning = Meaning(result, s);
            scene.Circle(x, y, Radius, "#eef4fb");
            scene.Text(x, y + (meaning.Length > 0 ? -2 : 5), 14, "#111", StateName(s));
            // "≈ borrow 1" (unproven) is a little longer; it still fits the circle.
            scene.Text(x, y + 13, result.Proven ? 10 : 9, "#555", meaning);
        }
        return scene;
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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
