using System.Runtime.Intrinsics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Cells;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Training;

/// <summary>
/// The --fast update of PyTorch's tanh, GRU and LSTM cells: the reference's forward pass and BPTT in single precision
/// (<see cref="FastGatedKernels"/>), then the optimizer over the whole update at once (<see cref="FastOptimizerStep"/>).
/// Not bit-exact. The float weights live in one flat buffer in the kernels' layout, each gate block's H units padded
/// to Hp, a whole number of float vectors (8 or 16 lanes), with R = G·Hp rows:
/// <code>
/// W_ih[:, 0]   R        weight_ih's first column (input bit a)
/// W_ih[:, 1]   R        its second column (b)
/// b_ih, b_hh   R each
/// W_hhᵀ        Hp×R     row k is column k of weight_hh (the forward pass's sums run along rows)
/// out.weight   Hp
/// out.bias     1, padded to a vector
/// </code>
/// Padding units have zero weights in every direction, so their states, deltas and gradients are exactly 0 and every
/// optimizer leaves them 0: they never touch a real unit. <see cref="CopyTo"/> maps the buffer back onto the cell's
/// tensor table.
/// </summary>
internal sealed class FastGatedUpdate : FastUpdate
{
    private readonly bool _wide;
    private readonly OptimizerKind _optimizer;
    private readonly double _learningRate;
    private double _beta1Power = 1;
    private double _beta2Power = 1;

    /// <summary>The fast step for <paramref name="initial"/>, in 16-float vectors where the hardware has them (or when <paramref name="lanes"/> asks: tests run both widths anywhere), else 8.</summary>
    public FastGatedUpdate(RecurrentNetwork initial, OptimizerKind optimizer, double learningRate, int steps, int? lanes = null)
    {
        if (lanes is not (null or 8 or 16))
        {
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "8 or 16 floats per vector");
        }
        ArgumentNullException.ThrowIfNull(initial);
        if (initial.Cell is not PyTorchCell cell)
        {
            throw new ArgumentException("the gated fast step trains PyTorch's cells", nameof(initial));
        }
        _wide = lanes is { } asked ? asked == Vector512<float>.Count : Vector512.IsHardwareAccelerated;
        _optimizer = optimizer;
        _learningRate = learningRate;
        Lanes = _wide ? Vector512<float>.Count : Vector256<float>.Count;
        Cell = cell;
        Hidden = initial.Hidden;
        Padded = (Hidden + Lanes - 1) / Lanes * Lanes;
        Rows = cell.Gates * Padded;
        Weights = new float[OutBias + Lanes];
        First = new float[Weights.Length];
        Second = new float[Weights.Length];
        StateSize = cell == Network.Cells.Cell.Lstm ? 2 * Padded : Padded;
        CacheSize = cell == Network.Cells.Cell.Gru ? 4 * Padded : cell == Network.Cells.Cell.Lstm ? 5 * Padded : 0;
        States = new float[(steps + 1) * StateSize];
        Cache = new float[Math.Max(1, steps * CacheSize)];
        DeltaIh = new float[steps * Rows];
        DeltaHh = cell == Network.Cells.Cell.Gru ? new float[steps * Rows] : DeltaIh;
        FutureH = new float[Padded];
        FutureC = new float[Padded];
        A = new float[steps];
        B = new float[steps];
        Target = new float[steps];
        Outputs = new float[(steps + Lanes - 1) / Lanes * Lanes];
        OutputDeltas = new float[steps];
        Update = new float[Weights.Length];
        Recurrent = new float[Rows * Padded];
        Read(initial);
    }

    public PyTorchCell Cell { get; }

    public int Lanes { get; }

    public int Hidden { get; }

    /// <summary>H rounded up to whole vectors (Hp).</summary>
    public int Padded { get; }

    /// <summary>G·Hp gate rows.</summary>
    public int Rows { get; }

    public static int InputA => 0;

    public int InputB => Rows;

    public int BiasIh => 2 * Rows;

    public int BiasHh => 3 * Rows;

    public int WeightHhT => 4 * Rows;

    public int OutWeight => WeightHhT + (Padded * Rows);

    public int OutBias => OutWeight + Padded;

    /// <summary>The weights in the layout above.</summary>
    public float[] Weights { get; }

    /// <summary>(R×Hp) weight_hh row by row, W_hhᵀ transposed back after every update for the backward pass's W_hhᵀ·δ.</summary>
    public float[] Recurrent { get; }

    /// <summary>The optimizer's first buffer at the weights' offsets: momentum's velocity, Adam's m.</summary>
    public float[] First { get; }

    /// <summary>Adam's s at the weights' offsets.</summary>
    public float[] Second { get; }

    /// <summary>Hp, or 2·Hp for an LSTM's h then c.</summary>
    public int StateSize { get; }

    /// <summary>Per step: r, z, n, W_hn h + b_hn (GRU); i, f, g, o, tanh(c') (LSTM); nothing (tanh).</summary>
    public int CacheSize { get; }

    /// <summary>((T+1)×S), row 0 the initial state.</summary>
    public float[] States { get; }

    /// <summary>(T×C)</summary>
    public float[] Cache { get; }

    /// <summary>(T×R) the pre-activations' deltas into W_ih and b_ih.</summary>
    public float[] DeltaIh { get; }

    /// <summary>(T×R) into W_hh and b_hh: the same but for a GRU's n rows, which r scales (the same array for the other cells).</summary>
    public float[] DeltaHh { get; }

    /// <summary>(Hp) the delta flowing into the step before's h.</summary>
    public float[] FutureH { get; }

    /// <summary>(Hp) an LSTM's delta flowing into the step before's c.</summary>
    public float[] FutureC { get; }

    public float[] A { get; }

    public float[] B { get; }

    public float[] Target { get; }

    /// <summary>(T, rounded up to whole vectors) p per step.</summary>
    public float[] Outputs { get; }

    /// <summary>(T) (y − p)·p·(1 − p).</summary>
    public float[] OutputDeltas { get; }

    /// <summary>The update, −∂loss/∂w (the tutorial's sign), at the weights' offsets; padding stays 0.</summary>
    public float[] Update { get; }

    public float InitialHidden { get; private set; }

    public override double Learn(Problem problem, int steps)
    {
        for (var t = 0; t < steps; t++)
        {
            A[t] = (problem.A >> t) & 1;
            B[t] = (problem.B >> t) & 1;
            Target[t] = (problem.Result >> t) & 1;
        }
        _beta1Power *= AdamOptimizer.Beta1;
        _beta2Power *= AdamOptimizer.Beta2;
        var step = FastOptimizerStep.For(_optimizer, _learningRate, _beta1Power, _beta2Power);
        return _wide
            ? FastGatedKernels.Step<Vector512<float>, FloatLanes512>(this, steps, step)
            : FastGatedKernels.Step<Vector256<float>, FloatLanes256>(this, steps, step);
    }

    public override bool Saturated(int steps) => AllWithin(OutputDeltas, steps, Trainer.SaturatedDelta);

    public override byte EmittedBit(int step) => Outputs[step] > 0.5f ? (byte)1 : (byte)0;

    /// <summary>The kernel row of table row <paramref name="row"/> (gate block g, unit u → g·Hp + u).</summary>
    private int KernelRow(int row) => ((row / Hidden) * Padded) + (row % Hidden);

    private void Read(RecurrentNetwork network)
    {
        var l = Cell.LayoutOf(network);
        var w = network.Weights;
        var h = Hidden;
        InitialHidden = (float)network.InitialHidden;
        for (var row = 0; row < l.Rows; row++)
        {
            var at = KernelRow(row);
            Weights[InputA + at] = (float)w[2 * row];
            Weights[InputB + at] = (float)w[(2 * row) + 1];
            Weights[BiasIh + at] = (float)w[l.BiasIh + row];
            Weights[BiasHh + at] = (float)w[l.BiasHh + row];
            for (var k = 0; k < h; k++)
            {
                Weights[WeightHhT + (k * Rows) + at] = (float)w[l.WeightHh + (row * h) + k];
            }
        }
        for (var j = 0; j < h; j++)
        {
            Weights[OutWeight + j] = (float)w[l.OutWeight + j];
        }
        Weights[OutBias] = (float)w[l.OutBias];
        if (_wide)
        {
            FastGatedKernels.RefreshRecurrent<Vector512<float>, FloatLanes512>(this);
        }
        else
        {
            FastGatedKernels.RefreshRecurrent<Vector256<float>, FloatLanes256>(this);
        }
    }

    public override void CopyTo(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Cell != Cell || network.Hidden != Hidden)
        {
            throw new ArgumentException($"the fast step trains a {Cell.Name} network of {Hidden} units", nameof(network));
        }
        var l = Cell.LayoutOf(network);
        var w = network.Weights;
        var h = Hidden;
        for (var row = 0; row < l.Rows; row++)
        {
            var at = KernelRow(row);
            w[2 * row] = Weights[InputA + at];
            w[(2 * row) + 1] = Weights[InputB + at];
            w[l.BiasIh + row] = Weights[BiasIh + at];
            w[l.BiasHh + row] = Weights[BiasHh + at];
            for (var k = 0; k < h; k++)
            {
                w[l.WeightHh + (row * h) + k] = Weights[WeightHhT + (k * Rows) + at];
            }
        }
        for (var j = 0; j < h; j++)
        {
            w[l.OutWeight + j] = Weights[OutWeight + j];
        }
        w[l.OutBias] = Weights[OutBias];
    }
}
