namespace RnnCalc.Network;

/// <summary>
/// One training or evaluation example as the network sees it: per step an a-bit, a b-bit and the exact
/// result bit, least-significant first. Preallocated to a capacity so training reuses one instance.
/// </summary>
internal sealed class BitSequence
{
    public BitSequence(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        A = new byte[capacity];
        B = new byte[capacity];
        Target = new byte[capacity];
    }

    public byte[] A { get; }

    public byte[] B { get; }

    public byte[] Target { get; }

    public int Capacity => A.Length;

    public int Length { get; private set; }

    public void SetLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
    }
}
