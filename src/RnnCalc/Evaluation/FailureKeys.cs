namespace RnnCalc.Evaluation;

/// <summary>
/// The smallest few failure keys seen (key = a·2^N + b, which sorts like the exhaustive order: a, then b), kept
/// sorted; merging two of them is order-free, so parallel workers give the same first failures as one pass.
/// </summary>
internal sealed class FailureKeys
{
    private readonly long[] _keys;

    public FailureKeys(int capacity) => _keys = new long[capacity];

    public int Count { get; private set; }

    public ReadOnlySpan<long> Keys => _keys.AsSpan(0, Count);

    public void Offer(long key)
    {
        if (Count == _keys.Length && key >= _keys[Count - 1])
        {
            return;
        }
        var at = Count == _keys.Length ? Count - 1 : Count++;
        while (at > 0 && _keys[at - 1] > key)
        {
            _keys[at] = _keys[at - 1];
            at--;
        }
        _keys[at] = key;
    }

    public void Merge(FailureKeys other)
    {
        foreach (var key in other.Keys)
        {
            Offer(key);
        }
    }
}
