namespace RnnCalc.Verification;

/// <summary>
/// A grid over a few hidden units (those that vary most) for finding the boxes near a query box without scanning
/// them all. A box is filed under every cell it overlaps; boxes only ever grow, so filing is only ever added.
/// </summary>
internal sealed class BoxIndex
{
    private const int CellBits = 20;
    private const long CellLimit = (1L << (CellBits - 1)) - 1;

    private readonly int[] _units;
    private readonly double _cell;
    private readonly Dictionary<long, List<int>> _cells = [];
    private readonly List<int> _stamp = [];
    private int _query;

    public BoxIndex(int[] units, double cell)
    {
        _units = units;
        _cell = cell;
    }

    /// <summary>Files a new box, or the grown version of a filed box (<paramref name="before"/> is its old extent).</summary>
    public void File(int id, Box box, Box? before = null)
    {
        while (_stamp.Count <= id)
        {
            _stamp.Add(0);
        }
        Span<long> lo = stackalloc long[_units.Length];
        Span<long> hi = stackalloc long[_units.Length];
        Span<long> oldLo = stackalloc long[_units.Length];
        Span<long> oldHi = stackalloc long[_units.Length];
        Range(box, 0, lo, hi);
        if (before is not null)
        {
            Range(before, 0, oldLo, oldHi);
        }
        Span<long> at = stackalloc long[_units.Length];
        lo.CopyTo(at);
        while (true)
        {
            if (before is null || !Inside(at, oldLo, oldHi))
            {
                var key = Key(at);
                if (!_cells.TryGetValue(key, out var list))
                {
                    list = [];
                    _cells[key] = list;
                }
                list.Add(id);
            }
            if (!Advance(at, lo, hi))
            {
                break;
            }
        }
    }

    /// <summary>Every filed box that may come within <paramref name="reach"/> of <paramref name="query"/> (each once).</summary>
    public void Near(Box query, double reach, List<int> found)
    {
        found.Clear();
        _query++;
        Span<long> lo = stackalloc long[_units.Length];
        Span<long> hi = stackalloc long[_units.Length];
        Range(query, reach, lo, hi);
        Span<long> at = stackalloc long[_units.Length];
        lo.CopyTo(at);
        while (true)
        {
            if (_cells.TryGetValue(Key(at), out var list))
            {
                foreach (var id in list)
                {
                    if (_stamp[id] != _query)
                    {
                        _stamp[id] = _query;
                        found.Add(id);
                    }
                }
            }
            if (!Advance(at, lo, hi))
            {
                break;
            }
        }
    }

    /// <summary>The units along which the given states spread most (at most <paramref name="count"/>).</summary>
    public static int[] WidestUnits(IReadOnlyList<double[]> states, int count)
    {
        var n = states[0].Length;
        var spread = new double[n];
        for (var j = 0; j < n; j++)
        {
            var (lo, hi) = (double.PositiveInfinity, double.NegativeInfinity);
            foreach (var s in states)
            {
                lo = Math.Min(lo, s[j]);
                hi = Math.Max(hi, s[j]);
            }
            spread[j] = hi - lo;
        }
        return [.. Enumerable.Range(0, n).OrderByDescending(j => spread[j]).ThenBy(j => j).Take(Math.Min(count, n))];
    }

    private void Range(Box box, double reach, Span<long> lo, Span<long> hi)
    {
        for (var k = 0; k < _units.Length; k++)
        {
            lo[k] = Cell(box.Lo[_units[k]] - reach);
            hi[k] = Cell(box.Hi[_units[k]] + reach);
        }
    }

    private long Cell(double x)
    {
        var c = Math.Floor(x / _cell);
        return double.IsNaN(c) ? 0 : (long)Math.Clamp(c, -CellLimit, CellLimit);
    }

    private static long Key(ReadOnlySpan<long> at)
    {
        long key = 0;
        foreach (var c in at)
        {
            key = (key << CellBits) | (c & ((1L << CellBits) - 1));
        }
        return key;
    }

    private static bool Inside(ReadOnlySpan<long> at, ReadOnlySpan<long> lo, ReadOnlySpan<long> hi)
    {
        for (var k = 0; k < at.Length; k++)
        {
            if (at[k] < lo[k] || at[k] > hi[k])
            {
                return false;
            }
        }
        return true;
    }

    private static bool Advance(Span<long> at, ReadOnlySpan<long> lo, ReadOnlySpan<long> hi)
    {
        for (var k = 0; k < at.Length; k++)
        {
            if (at[k] < hi[k])
            {
                at[k]++;
                return true;
            }
            at[k] = lo[k];
        }
        return false;
    }
}
