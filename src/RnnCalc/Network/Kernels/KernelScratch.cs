namespace RnnCalc.Network.Kernels;

/// <summary>
/// Per-thread work buffers of the exact kernels, grown when a bigger network or longer sequence comes and never
/// allocated per call; one thread-static lookup per kernel call.
/// </summary>
internal sealed class KernelScratch
{
    [ThreadStatic]
    private static KernelScratch? _current;

    private double[] _transposed = [];
    private double[] _deltas = [];
    private double[] _inputBits = [];
    private double[] _stepColumns = [];
    private double[] _gates = [];
    private Gradient? _update;

    public static KernelScratch Current => _current ??= new KernelScratch();

    /// <summary>At least <paramref name="length"/> doubles for Whᵀ (H×H).</summary>
    public double[] Transposed(int length) => Ensure(ref _transposed, length);

    /// <summary>At least <paramref name="length"/> doubles for every step's hidden delta ((T+1)×H, the last row zero).</summary>
    public double[] Deltas(int length) => Ensure(ref _deltas, length);

    /// <summary>At least <paramref name="length"/> doubles for a sequence's a-bits then b-bits (2×T).</summary>
    public double[] InputBits(int length) => Ensure(ref _inputBits, length);

    /// <summary>At least <paramref name="length"/> doubles for a block of hidden states turned on its side (H×lanes).</summary>
    public double[] StepColumns(int length) => Ensure(ref _stepColumns, length);

    /// <summary>At least <paramref name="length"/> doubles for the gated kernels' per-step gate values and deltas.</summary>
    public double[] Gates(int length) => Ensure(ref _gates, length);

    /// <summary>A cleared update for the scalar fallback of the fused step.</summary>
    public Gradient ClearedUpdate(RecurrentNetwork network)
    {
        if (_update is null || _update.Hidden != network.Hidden || _update.Cell != network.Cell)
        {
            _update = network.NewGradient();
        }
        else
        {
            _update.Clear();
        }
        return _update;
    }

    private static double[] Ensure(ref double[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new double[length];
        }
        return buffer;
    }
}
