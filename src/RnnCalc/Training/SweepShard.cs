namespace RnnCalc.Training;

/// <summary>
/// One of <see cref="Count"/> deterministic slices of a sweep's run list. The runs are numbered configuration by
/// configuration, seed by seed (run r = configuration index × seeds + seed index), and shard K holds every run
/// with r mod N = K: round-robin, so each shard gets a share of every configuration, however the costs vary.
/// </summary>
internal readonly record struct SweepShard
{
    /// <summary>A shard <paramref name="index"/> (from 0) of <paramref name="count"/>.</summary>
    public SweepShard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>The whole sweep: shard 0 of 1.</summary>
    public static SweepShard Whole => new(0, 1);

    /// <summary>Which slice this is, from 0 to <see cref="Count"/> − 1.</summary>
    public int Index { get; }

    /// <summary>How many slices the sweep is cut into.</summary>
    public int Count { get; }

    /// <summary>True when this shard runs run number <paramref name="run"/> of the sweep.</summary>
    public bool Owns(long run) => Count <= 1 || run % Count == Index;

    /// <summary>The shard as written on the command line, <c>K/N</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Index}/{Count}");
}
