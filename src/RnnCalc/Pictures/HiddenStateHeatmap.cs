using System.Globalization;
using RnnCalc.Arithmetic;
using ScottPlot;

namespace RnnCalc.Pictures;

/// <summary>
/// One calculation seen from inside: every hidden unit's value (0 to 1) at every step, and underneath, per step,
/// the input bits, the output probability, the emitted bit, the exact bit and the exact borrow or carry — so a
/// reader can see which units switch when a borrow appears. <see cref="Hidden"/> is the trace's hidden states.
/// </summary>
internal sealed class HiddenStateHeatmap : IFigure
{
    /// <summary>Values are written in the bit rows' cells only while the cells are at least this wide (pixels).</summary>
    public const int MinLabelledCell = 28;

    private const int RowHeight = 26;

    public HiddenStateHeatmap(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Trace = trace;
        var steps = trace.Steps.Count;
        // Every state the cell has: h, and for an LSTM c below it.
        var h = steps == 0 ? 0 : trace.Steps[0].Hidden.Length;
        var cells = steps == 0 || trace.Steps[0].CellState is null ? 0 : h;
        var units = h + cells;
        Hidden = new double[units, steps];
        for (var t = 0; t < steps; t++)
        {
            for (var j = 0; j < h; j++)
            {
                Hidden[j, t] = trace.Steps[t].Hidden[j];
            }
            for (var j = 0; j < cells; j++)
            {
                Hidden[h + j, t] = trace.Steps[t].CellState![j];
            }
        }
        StateLabels = [.. WeightHeatmap.Units(h), .. Enumerable.Range(0, cells).Select(j => "c" + j.ToString(CultureInfo.InvariantCulture))];
        A = [.. trace.Steps.Select(s => s.A)];
        B = [.. trace.Steps.Select(s => s.B)];
        Probability = [.. trace.Steps.Select(s => s.Probability)];
        Emitted = [.. trace.Steps.Select(s => s.Emitted)];
        Exact = [.. trace.Steps.Select(s => s.Exact)];
        State = [.. trace.Steps.Select(s => s.ExactState)];
        CellWidth = Math.Clamp(900 / Math.Max(steps, 1), 8, 72);
        Width = 300 + (steps * CellWidth);
        Height = 170 + ((units + 1 + BitRowCount) * RowHeight);
    }

    public string Name => "hidden-states";

    public string Title => string.Create(
        CultureInfo.InvariantCulture,
        $"{Trace.A} {Trace.Operation.Symbol} {Trace.B}: the network says {Trace.Result}{(Trace.Correct ? " (right)" : $", exact is {Trace.Exact}")}");

    public int Width { get; }

    public int Height { get; }

    public Trace Trace { get; }

    /// <summary>
    /// [unit, step]: hidden unit j's value after step t (the tutorial's layer_1), exactly as the trace has it; for an
    /// LSTM the cell state's units follow the hidden ones.
    /// </summary>
    public double[,] Hidden { get; }

    /// <summary>The rows' names: h0 … h(H−1), then c0 … c(H−1) for an LSTM.</summary>
    public IReadOnlyList<string> StateLabels { get; }

    public byte[] A { get; }

    public byte[] B { get; }

    /// <summary>The network's output at each step (the tutorial's layer_2).</summary>
    public double[] Probability { get; }

    public byte[] Emitted { get; }

    public byte[] Exact { get; }

    /// <summary>The exact borrow (subtraction) or carry (addition) after each step.</summary>
    public byte[] State { get; }

    /// <summary>The rows under the hidden units, top to bottom.</summary>
    public IReadOnlyList<string> BitRows => ["a bit", "b bit", "output p", "emitted bit", "exact bit", $"{Trace.Operation.StateName} (exact)"];

    private static int BitRowCount => 6;

    private int CellWidth { get; }

    public Plot CreatePlot()
    {
        var plot = FigureStyle.NewPlot(Title);
        var units = Hidden.GetLength(0);
        var steps = Hidden.GetLength(1);
        var rows = units + 1 + BitRowCount;
        var values = new double[rows, steps];
        var text = new string?[rows, steps];
        var labelled = CellWidth >= MinLabelledCell;
        for (var t = 0; t < steps; t++)
        {
            for (var j = 0; j < units; j++)
            {
                values[j, t] = Hidden[j, t];
            }
            // A blank row keeps the hidden units apart from the bits.
            values[units, t] = double.NaN;
            double[] bits = [A[t], B[t], Probability[t], Emitted[t], Exact[t], State[t]];
            for (var k = 0; k < bits.Length; k++)
            {
                values[units + 1 + k, t] = bits[k];
                if (labelled)
                {
                    text[units + 1 + k, t] = k == 2
                        ? bits[k].ToString(CellWidth >= 44 ? "0.00" : "0.0", CultureInfo.InvariantCulture)
                        : bits[k].ToString("0", CultureInfo.InvariantCulture);
                }
            }
        }
        var rowLabels = StateLabels.Append(string.Empty).Concat(BitRows).ToList();
        var columnLabels = Enumerable.Range(0, steps).Select(t => t.ToString(CultureInfo.InvariantCulture)).ToList();
        // The tutorial's sigmoid units live in [0, 1] like the bits; tanh units and an LSTM's c can be negative or larger.
        var low = Math.Min(0, Hidden.Cast<double>().DefaultIfEmpty(0).Min());
        var high = Math.Max(1, Hidden.Cast<double>().DefaultIfEmpty(1).Max());
        var heatmap = HeatmapCells.Add(plot, values, new ScottPlot.Colormaps.Viridis(), new ScottPlot.Range(low, high), rowLabels, columnLabels, text, 12);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = low == 0 && high == 1 ? "value (0 to 1)" : "value";
        bar.LabelStyle.FontSize = 13;
        bar.Axis.TickGenerator = HeatmapCells.ScaleTicks(low, high);
        for (var t = 0; t < steps; t++)
        {
            if (Emitted[t] != Exact[t])
            {
                var y = HeatmapCells.Y(units + 1 + 3, rows);
                var box = plot.Add.Rectangle(t - 0.5, t + 0.5, y - 0.5, y + 0.5);
                box.FillColor = Colors.Transparent;
                box.LineColor = FigureStyle.Wrong;
                box.LineWidth = 3;
            }
        }
        plot.Axes.Left.Label.Text = "hidden unit · bits at that step";
        plot.Axes.Bottom.Label.Text = "step t = bit position (least significant first; the last is the sign step)";
        return plot;
    }
}
