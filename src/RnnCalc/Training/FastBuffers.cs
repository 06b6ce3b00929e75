namespace RnnCalc.Training;

/// <summary>The fast mode's per-update work space, allocated once: the example's bits as floats, states, deltas, outputs.</summary>
internal sealed class FastBuffers
{
    public FastBuffers(int padded, int capacity)
    {
        A = new float[capacity];
        B = new float[capacity];
        Target = new float[capacity];
        InputBits = new float[2 * capacity];
        States = new float[(capacity + 1) * padded];
        Deltas = new float[(capacity + 1) * padded];
        Outputs = new float[capacity];
        OutputDeltas = new float[capacity];
    }

    public float[] A { get; }

    public float[] B { get; }

    public float[] Target { get; }

    /// <summary>(2×T): A then B, for the input weights' update.</summary>
    public float[] InputBits { get; }

    /// <summary>((T+1)×Hp)</summary>
    public float[] States { get; }

    /// <summary>((T+1)×Hp), the last row zero.</summary>
    public float[] Deltas { get; }

    /// <summary>(T)</summary>
    public float[] Outputs { get; }

    /// <summary>(T)</summary>
    public float[] OutputDeltas { get; }
}
