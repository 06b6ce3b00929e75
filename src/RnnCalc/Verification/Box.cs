namespace RnnCalc.Verification;

/// <summary>An axis-aligned box in hidden-state space: one interval per hidden unit.</summary>
internal sealed class Box
{
    public Box(int dimension)
    {
        Lo = new double[dimension];
        Hi = new double[dimension];
    }

    public Box(double[] lo, double[] hi)
    {
        ArgumentNullException.ThrowIfNull(lo);
        ArgumentNullException.ThrowIfNull(hi);
        if (lo.Length != hi.Length)
        {
            throw new ArgumentException("Bounds differ in dimension.", nameof(hi));
        }
        Lo = lo;
        Hi = hi;
    }

    public static Box Point(ReadOnlySpan<double> point) => new(point.ToArray(), point.ToArray());

    public int Dimension => Lo.Length;

    public double[] Lo { get; }

    public double[] Hi { get; }

    public Interval this[int unit] => new(Lo[unit], Hi[unit]);

    /// <summary>The largest width over the units (the L∞ diameter).</summary>
    public double Width
    {
        get
        {
            var w = 0.0;
            for (var i = 0; i < Lo.Length; i++)
            {
                w = Math.Max(w, Hi[i] - Lo[i]);
            }
            return w;
        }
    }

    public bool Contains(ReadOnlySpan<double> point)
    {
        for (var i = 0; i < Lo.Length; i++)
        {
            if (!(Lo[i] <= point[i] && point[i] <= Hi[i]))
            {
                return false;
            }
        }
        return true;
    }

    public bool Contains(Box inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        for (var i = 0; i < Lo.Length; i++)
        {
            if (!(Lo[i] <= inner.Lo[i] && inner.Hi[i] <= Hi[i]))
            {
                return false;
            }
        }
        return true;
    }

    public bool Intersects(Box other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < Lo.Length; i++)
        {
            if (other.Hi[i] < Lo[i] || Hi[i] < other.Lo[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The width of the smallest box holding both (without building it).</summary>
    public double HullWidth(Box other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var w = 0.0;
        for (var i = 0; i < Lo.Length; i++)
        {
            w = Math.Max(w, Math.Max(Hi[i], other.Hi[i]) - Math.Min(Lo[i], other.Lo[i]));
        }
        return w;
    }

    public void Include(Box other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < Lo.Length; i++)
        {
            Lo[i] = Math.Min(Lo[i], other.Lo[i]);
            Hi[i] = Math.Max(Hi[i], other.Hi[i]);
        }
    }

    /// <summary>Widens every side by <paramref name="margin"/> (rounded outward), staying inside [0, 1] where sigmoid states live.</summary>
    public void Pad(double margin) => Pad(margin, 0, 1);

    /// <summary>Widens every side by <paramref name="margin"/> (rounded outward), staying inside [floor, ceiling], where every state lies.</summary>
    internal void Pad(double margin, double floor, double ceiling)
    {
        for (var i = 0; i < Lo.Length; i++)
        {
            Lo[i] = Math.Max(floor, SoundMath.Down(Lo[i] - margin));
            Hi[i] = Math.Min(ceiling, SoundMath.Up(Hi[i] + margin));
        }
    }

    public Box Clone() => new((double[])Lo.Clone(), (double[])Hi.Clone());
}
