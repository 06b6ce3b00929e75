using System.Globalization;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using ScottPlot;

namespace RnnCalc.Pictures;

/// <summary>
/// One weight matrix as a heatmap on a diverging scale centred on 0 (blue negative, white 0, red positive), with
/// every row and column named. <see cref="Values"/> holds the weights exactly as the network has them.
/// </summary>
internal sealed class WeightHeatmap : IFigure
{
    /// <summary>Cells beyond this many are left without their value written in (it would not fit).</summary>
    public const int MaxLabelledCells = 400;

    private WeightHeatmap(string name, string title, double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, string rowAxis, string columnAxis)
    {
        Name = name;
        Title = title;
        Values = values;
        RowLabels = rowLabels;
        ColumnLabels = columnLabels;
        RowAxis = rowAxis;
        ColumnAxis = columnAxis;
        Limit = Math.Max(MaxAbs(values), 1e-12);
        var rows = values.GetLength(0);
        var columns = values.GetLength(1);
        Cell = Math.Clamp(760 / Math.Max(columns, 1), 14, 56);
        Width = 250 + (columns * Cell);
        Height = Math.Max(280, 150 + (rows * Math.Max(Cell, 24)));
    }

    public string Name { get; }

    public string Title { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>[row, column], as the tutorial's matrix is indexed (the output weights are drawn as one row).</summary>
    public double[,] Values { get; }

    public IReadOnlyList<string> RowLabels { get; }

    public IReadOnlyList<string> ColumnLabels { get; }

    public string RowAxis { get; }

    public string ColumnAxis { get; }

    /// <summary>The colour scale runs from −Limit to +Limit: the largest |weight|, so 0 is always white.</summary>
    public double Limit { get; }

    private int Cell { get; }

    /// <summary>weight_0 (2×H): how input bits a and b push each hidden unit.</summary>
    public static WeightHeatmap Input(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new WeightHeatmap(
            "weights-input",
            "Input weights (weight_0, 2×H): input bit → hidden unit",
            Matrix(network.Input, RecurrentNetwork.InputSize, network.Hidden),
            ["a bit", "b bit"],
            Units(network.Hidden),
            "input",
            "hidden unit");
    }

    /// <summary>weight_h (H×H): how each hidden unit at step t−1 pushes each unit at step t.</summary>
    public static WeightHeatmap Recurrent(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new WeightHeatmap(
            "weights-recurrent",
            "Recurrent weights (weight_h, H×H): unit at t−1 → unit at t",
            Matrix(network.Recurrent, network.Hidden, network.Hidden),
            Units(network.Hidden),
            Units(network.Hidden),
            "from hidden unit (step t−1)",
            "to hidden unit (step t)");
    }

    /// <summary>weight_1 (H×1), drawn as one row so it lines up with the hidden units of the other pictures.</summary>
    public static WeightHeatmap Output(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new WeightHeatmap(
            "weights-output",
            "Output weights (weight_1, H×1, drawn as a row): hidden unit → output",
            Matrix(network.Output, 1, network.Hidden),
            ["output"],
            Units(network.Hidden),
            string.Empty,
            "hidden unit");
    }

    /// <summary>The three matrices in the tutorial's order: weight_0, weight_h, weight_1.</summary>
    /// <summary>Every tensor of the network's table: the tutorial's three in its order weight_0, weight_h, weight_1, or each PyTorch tensor by name.</summary>
    public static IReadOnlyList<WeightHeatmap> All(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.Cell == Network.Cells.Cell.Sigmoid
            ? [Input(network), Recurrent(network), Output(network)]
            : [.. network.Table.Tensors.Select(t => Tensor(network, t))];
    }

    /// <summary>One tensor of a PyTorch cell, rows named by gate and unit (r3 = unit h3's r gate), columns by what feeds them.</summary>
    public static WeightHeatmap Tensor(RecurrentNetwork network, TensorSpec tensor)
    {
        ArgumentNullException.ThrowIfNull(network);
        var gates = network.Cell is PyTorchCell torch ? torch.GateNames : ["h"];
        var h = network.Hidden;
        IReadOnlyList<string> rows = tensor.Rows == gates.Count * h
            ? [.. Enumerable.Range(0, tensor.Rows).Select(r => gates[r / h] + (r % h).ToString(CultureInfo.InvariantCulture))]
            : tensor.Rows == 1 ? ["output"] : [.. Enumerable.Range(0, tensor.Rows).Select(r => r.ToString(CultureInfo.InvariantCulture))];
        IReadOnlyList<string> columns = tensor.Columns == RecurrentNetwork.InputSize ? ["a bit", "b bit"]
            : tensor.Columns == h ? Units(h)
            : [tensor.Name.Contains("bias", StringComparison.Ordinal) ? "bias" : string.Empty];
        return new WeightHeatmap(
            "weights-" + tensor.Name.Replace('.', '-'),
            $"{tensor.Name} ({tensor.Shape})",
            Matrix(network.Slice(tensor), tensor.Rows, tensor.Columns),
            rows,
            columns,
            tensor.Rows == 1 ? string.Empty : "gate unit",
            tensor.Columns == h ? "hidden unit" : string.Empty);
    }

    public Plot CreatePlot()
    {
        var plot = FigureStyle.NewPlot(Title);
        var rows = Values.GetLength(0);
        var columns = Values.GetLength(1);
        string?[,]? text = null;
        if (rows * columns <= MaxLabelledCells)
        {
            text = new string?[rows, columns];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    text[r, c] = Values[r, c].ToString(Cell >= 40 ? "0.0" : "0", CultureInfo.InvariantCulture);
                }
            }
        }
        var heatmap = HeatmapCells.Add(plot, Values, new ScottPlot.Colormaps.Balance(), new ScottPlot.Range(-Limit, Limit), RowLabels, ColumnLabels, text, Cell >= 40 ? 11 : 9);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "weight";
        bar.LabelStyle.FontSize = 13;
        bar.Axis.TickGenerator = HeatmapCells.ScaleTicks(-Limit, Limit);
        plot.Axes.Left.Label.Text = RowAxis;
        plot.Axes.Bottom.Label.Text = ColumnAxis;
        return plot;
    }

    private static double[,] Matrix(ReadOnlySpan<double> flat, int rows, int columns)
    {
        var matrix = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                matrix[r, c] = flat[(r * columns) + c];
            }
        }
        return matrix;
    }

    internal static IReadOnlyList<string> Units(int hidden) =>
        [.. Enumerable.Range(0, hidden).Select(j => "h" + j.ToString(CultureInfo.InvariantCulture))];

    private static double MaxAbs(double[,] values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }
        return max;
    }
}
