namespace RnnCalc.Random;

/// <summary>
/// numpy's legacy generator (<c>np.random.seed</c>, <c>random</c>, <c>randint</c>): MT19937 seeded by
/// init_genrand, so a seed gives the same stream here as in the tutorial's script.
/// </summary>
internal sealed class NumpyRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _state = new uint[N];
    private int _index;

    public NumpyRandom(uint seed) => Seed(seed);

    /// <summary>np.random.seed(int): Knuth's linear initialiser (init_genrand), not init_by_array.</summary>
    public void Seed(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < N; i++)
        {
            _state[i] = (1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i;
        }
        _index = N;
    }

    /// <summary>One raw 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Twist();
        }
        var y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>np.random.random(): 53 random bits from two draws, in [0, 1).</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>Legacy np.random.randint(high): masked rejection sampling on 32-bit draws.</summary>
    public int NextInt(int high) => (int)NextInt((long)high);

    /// <summary>Legacy np.random.randint(high) for any positive 64-bit high (64-bit draws above 2^32, as numpy does).</summary>
    public long NextInt(long high)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(high, 1L);
        var max = (ulong)(high - 1);
        if (max == 0)
        {
            return 0;
        }
        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        do
        {
            value = (max <= uint.MaxValue ? NextUInt32() : NextUInt64()) & mask;
        }
        while (value > max);
        return (long)value;
    }

    /// <summary>numpy's 64-bit draw from MT19937: the first 32-bit word is the high half.</summary>
    public ulong NextUInt64()
    {
        ulong high = NextUInt32();
        return (high << 32) | NextUInt32();
    }

    /// <summary>A copy of the generator's whole state (for checkpoints).</summary>
    public RandomState SaveState() => new([.. _state], _index);

    /// <summary>Copies the state into a caller's buffer (624 words) without allocating; returns the read position.</summary>
    public int CopyState(uint[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _state.CopyTo(key, 0);
        return _index;
    }

    /// <summary>Continues from a state copied by <see cref="CopyState"/>.</summary>
    public void RestoreState(uint[] key, int position) => RestoreState(new RandomState(key, position));

    /// <summary>Continues exactly where the saved generator was.</summary>
    public void RestoreState(RandomState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Key.Length != N || state.Position is < 0 or > N)
        {
            throw new ArgumentException($"An MT19937 state has {N} words and a position in 0..{N}.", nameof(state));
        }
        state.Key.CopyTo(_state, 0);
        _index = state.Position;
    }

    private void Twist()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (_state[i] & UpperMask) | (_state[(i + 1) % N] & LowerMask);
            var next = _state[(i + M) % N] ^ (y >> 1);
            if ((y & 1) != 0)
            {
                next ^= MatrixA;
            }
            _state[i] = next;
        }
        _index = 0;
    }
}
