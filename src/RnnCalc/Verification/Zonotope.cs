using System.Numerics;
using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// A set of hidden states {C + G·ε + diag(E)·η : ε, η ∈ [−1, 1]} (an affine form). Unlike a box it keeps how the
/// units move together, so an image that is thin in some direction stays thin over several steps where boxes
/// would wrap and blow up. Each step encloses the sigmoid between two parallel lines (<see cref="SigmoidLine"/>;
/// tanh for the tanh cell, <see cref="TanhLine"/>) and bounds every rounding error, ours and the network's, in the
/// error term.
/// </summary>
internal sealed class Zonotope
{
    private readonly double[] _scratch;
    private readonly double[] _rowAbs;
    private int[]? _order;

    private Zonotope(int hidden, int capacity)
    {
        Hidden = hidden;
        Capacity = capacity;
        Center = new double[hidden];
        Matrix = new double[hidden * capacity];
        Error = new double[hidden];
        _scratch = new double[capacity];
        _rowAbs = new double[hidden];
    }

    /// <summary>The range the states lie in, so bounds can be clipped: none from a box, φ's from a step.</summary>
    private double Floor { get; set; } = double.NegativeInfinity;

    private double Ceiling { get; set; } = double.PositiveInfinity;

    public int Hidden { get; }

    /// <summary>Columns of <see cref="Matrix"/> in use.</summary>
    public int Generators { get; private set; }

    /// <summary>The most generators this form's arrays hold: a form is reused as the image of step after step.</summary>
    public int Capacity { get; }

    public double[] Center { get; }

    /// <summary>(H × Generators) row-major: row j holds unit j's coefficients (its first H·Generators numbers are in use).</summary>
    public double[] Matrix { get; }

    /// <summary>Per unit, the radius of an independent error term.</summary>
    public double[] Error { get; }

    public static Zonotope FromBox(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var z = new Zonotope(box.Dimension, box.Dimension);
        z.Load(box);
        return z;
    }

    /// <summary>An empty form whose arrays hold up to <paramref name="capacity"/> generators, to be filled by <see cref="Load"/> or as a step's image.</summary>
    public static Zonotope WithCapacity(int hidden, int capacity) => new(hidden, Math.Max(hidden, capacity));

    /// <summary>Makes this form the box: one generator per unit, its half-width (rounded up).</summary>
    public void Load(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var n = Hidden;
        if (box.Dimension != n)
        {
            throw new ArgumentException("The box differs in dimension.", nameof(box));
        }
        (Generators, Floor, Ceiling) = (n, double.NegativeInfinity, double.PositiveInfinity);
        Matrix.AsSpan(0, n * n).Clear();
        Array.Clear(Error);
        for (var j = 0; j < n; j++)
        {
            var c = (box.Lo[j] + box.Hi[j]) / 2;
            Center[j] = c;
            Matrix[(j * n) + j] = SoundMath.Up(Math.Max(box.Hi[j] - c, c - box.Lo[j]));
        }
    }

    /// <summary>The smallest box (rounded outward) holding the set; hidden states are sigmoid (tanh) outputs, so a step's stays in [0, 1] ([−1, 1]).</summary>
    public Box Bounds()
    {
        var box = new Box(Hidden);
        BoundsInto(box);
        return box;
    }

    /// <summary>Writes <see cref="Bounds"/> into <paramref name="box"/>.</summary>
    public void BoundsInto(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var m = Generators;
        for (var j = 0; j < Hidden; j++)
        {
            var radius = SoundMath.Inflate(Error[j] + AbsSum(Matrix.AsSpan(j * m, m)));
            box.Lo[j] = Math.Max(Floor, SoundMath.Down(Center[j] - radius));
            box.Hi[j] = Math.Min(Ceiling, SoundMath.Up(Center[j] + radius));
        }
    }

    /// <summary>
    /// One network step under an input pair: the image, and the output probability's interval over it; with a
    /// <paramref name="weightRadius"/>, for every network whose weights are within it of these (see <see cref="IntervalStep"/>).
    /// </summary>
    public (Zonotope Image, Interval Output) Step(RecurrentNetwork network, int pair, double weightRadius = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        var cell = AffineCell.Of(network) ?? throw new ArgumentException($"The {network.Cell.Name} cell has no affine form.", nameof(network));
        return Step(cell, pair, weightRadius);
    }

    /// <summary>One step of a cell read once (<see cref="AffineCell"/>), as <see cref="Step(RecurrentNetwork, int, double)"/>.</summary>
    internal (Zonotope Image, Interval Output) Step(AffineCell cell, int pair, double weightRadius = 0)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var next = new Zonotope(Hidden, Generators + Hidden);
        return (next, StepInto(cell, pair, weightRadius, next));
    }

    /// <summary>
    /// Writes the image of one step into <paramref name="into"/> (another form, with room for
    /// <see cref="Generators"/> + H generators) and returns the output's interval over it: the lookahead steps
    /// thousands of times a proof, and this way its forms are allocated once.
    /// </summary>
    internal Interval StepInto(AffineCell cell, int pair, double weightRadius, Zonotope into)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(into);
        var n = Hidden;
        var m = Generators;
        if (ReferenceEquals(into, this) || into.Hidden != n || into.Capacity < m + n)
        {
            throw new ArgumentException("The image needs a form of its own with room for the generators.", nameof(into));
        }
        // The previous error terms become generators: the next affine map correlates them across units.
        var next = into;
        (next.Generators, next.Floor, next.Ceiling) = (m + n, cell.Floor, cell.Ceiling);
        var mNext = next.Generators;
        var w = cell.Weight;
        var gamma = cell.Gamma;
        var terms = cell.Terms;
        var rowAbs = next._rowAbs;
        for (var i = 0; i < n; i++)
        {
            rowAbs[i] = AbsSum(Matrix.AsSpan(i * m, m));
        }
        var pre = next._scratch.AsSpan(0, mNext);
        for (var j = 0; j < n; j++)
        {
            var bias = cell.Bias[pair][j];
            var center = bias;
            var magnitude = cell.BiasMagnitude[pair][j];
            var weights = w.AsSpan(j * n, n);
            Combine(weights, Matrix.AsSpan(0, n * m), m, pre[..m], skipZeros: true);
            for (var i = 0; i < n; i++)
            {
                var wij = weights[i];
                if (wij == 0)
                {
                    pre[m + i] = 0;
                    continue;
                }
                center += wij * Center[i];
                pre[m + i] = wij * Error[i];
                magnitude += Math.Abs(wij) * (Math.Abs(Center[i]) + rowAbs[i] + Error[i]);
            }
            // Our sums and the network's own at any point of the set each err by at most γ·Σ|terms|.
            var rounding = SoundMath.Inflate((2 * gamma * (magnitude + (weightRadius * terms))) + (weightRadius * terms));
            var spread = AbsSum(pre);
            var radius = SoundMath.Inflate(spread + rounding);
            var (slope, gLo, gHi) = cell.Enclose(SoundMath.Down(center - radius), SoundMath.Up(center + radius));
            var mid = (gLo + gHi) / 2;
            var half = SoundMath.Up((gHi - gLo) / 2);
            next.Center[j] = (slope * center) + mid;
            Scale(pre, slope, next.Matrix.AsSpan(j * mNext, mNext));
            // λ·(pre-activation rounding) + the lines' half gap + this row's own rounding (≤ 4u of its magnitude).
            var ownRounding = 4 * SoundMath.Unit * (Math.Abs(slope * center) + Math.Abs(mid) + (slope * spread));
            next.Error[j] = SoundMath.Inflate((slope * rounding) + half + ownRounding);
        }
        return next.Output(cell, weightRadius);
    }

    /// <summary>
    /// into[k] = Σᵢ weights[i]·matrix[i·m + k], the terms added in the order of i (from 0; with
    /// <paramref name="skipZeros"/>, a zero weight's terms are not added). Four vectors of k at a time are summed in
    /// registers over every i and stored once, instead of loading and storing the sums for each i: the lookahead's
    /// bulk. Every element gets the same additions in the same order whichever way it is grouped.
    /// </summary>
    private static void Combine(ReadOnlySpan<double> weights, ReadOnlySpan<double> matrix, int m, Span<double> into, bool skipZeros)
    {
        var n = weights.Length;
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = Vector<double>.Count;
            for (; k + (4 * v) <= m; k += 4 * v)
            {
                var (a0, a1, a2, a3) = (Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero);
                for (var i = 0; i < n; i++)
                {
                    if (skipZeros && weights[i] == 0)
                    {
                        continue;
                    }
                    var scale = new Vector<double>(weights[i]);
                    var row = matrix.Slice((i * m) + k, 4 * v);
                    a0 += scale * new Vector<double>(row);
                    a1 += scale * new Vector<double>(row[v..]);
                    a2 += scale * new Vector<double>(row[(2 * v)..]);
                    a3 += scale * new Vector<double>(row[(3 * v)..]);
                }
                a0.CopyTo(into[k..]);
                a1.CopyTo(into[(k + v)..]);
                a2.CopyTo(into[(k + (2 * v))..]);
                a3.CopyTo(into[(k + (3 * v))..]);
            }
            for (; k + v <= m; k += v)
            {
                var a = Vector<double>.Zero;
                for (var i = 0; i < n; i++)
                {
                    if (!skipZeros || weights[i] != 0)
                    {
                        a += new Vector<double>(weights[i]) * new Vector<double>(matrix.Slice((i * m) + k, v));
                    }
                }
                a.CopyTo(into[k..]);
            }
        }
        for (; k < m; k++)
        {
            var a = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (!skipZeros || weights[i] != 0)
                {
                    a += weights[i] * matrix[(i * m) + k];
                }
            }
            into[k] = a;
        }
    }

    /// <summary>
    /// Makes this the same set or a larger one with at most <paramref name="maxGenerators"/> generators: the smallest
    /// (by Σ|column|, ties by position) are folded into the per-unit error terms, which loses how they correlate the
    /// units and nothing else. In place: every kept coefficient moves to a position at or before its own, row by row,
    /// so nothing is overwritten before it is read.
    /// </summary>
    internal void Reduce(int maxGenerators)
    {
        var n = Hidden;
        var m = Generators;
        if (m <= maxGenerators)
        {
            return;
        }
        var size = _scratch.AsSpan(0, m);
        size.Clear();
        for (var j = 0; j < n; j++)
        {
            AddAbs(Matrix.AsSpan(j * m, m), size);
        }
        // The generators to fold: the m − max last in the order largest first, ties by position (what a stable
        // sort by size gives), kept in that order so their sum is always formed the same way. An insertion into a
        // short sorted list: the lookahead reduces at every step, and a full sort cost more than the step's own loops.
        _order ??= new int[Capacity];
        var dropped = _order.AsSpan(0, m - maxGenerators);
        var count = 0;
        for (var k = 0; k < m; k++)
        {
            if (count == dropped.Length && !Before(dropped[0], k, size))
            {
                continue;
            }
            // Shift out the largest when full, then insert k where the order puts it.
            var at = count == dropped.Length ? 0 : -1;
            if (at == 0)
            {
                while (at + 1 < count && Before(dropped[at + 1], k, size))
                {
                    dropped[at] = dropped[at + 1];
                    at++;
                }
            }
            else
            {
                at = count++;
                while (at > 0 && Before(k, dropped[at - 1], size))
                {
                    dropped[at] = dropped[at - 1];
                    at--;
                }
            }
            dropped[at] = k;
        }
        for (var j = 0; j < n; j++)
        {
            var from = j * m;
            var folded = Error[j];
            foreach (var k in dropped)
            {
                folded += Math.Abs(Matrix[from + k]);
            }
            Error[j] = SoundMath.Inflate(folded);
        }
        // The kept ones in their own order: the dropped marked in the scratch (sizes are never negative).
        foreach (var k in dropped)
        {
            size[k] = -1;
        }
        // The kept columns as runs (start, length), so each row moves a few blocks instead of one number at a time.
        Span<int> runs = stackalloc int[2 * (dropped.Length + 1)];
        var runCount = 0;
        for (var k = 0; k < m;)
        {
            if (size[k] < 0)
            {
                k++;
                continue;
            }
            var start = k;
            while (k < m && !(size[k] < 0))
            {
                k++;
            }
            (runs[2 * runCount], runs[(2 * runCount) + 1]) = (start, k - start);
            runCount++;
        }
        for (var j = 0; j < n; j++)
        {
            var from = j * m;
            var to = j * maxGenerators;
            for (var r = 0; r < runCount; r++)
            {
                var length = runs[(2 * r) + 1];
                Matrix.AsSpan(from + runs[2 * r], length).CopyTo(Matrix.AsSpan(to, length));
                to += length;
            }
        }
        Generators = maxGenerators;
    }

    /// <summary>Σ|values|, four lanes at a time: the order of the additions differs from a plain loop, which the callers' <see cref="SoundMath.Inflate"/> covers.</summary>
    private static double AbsSum(ReadOnlySpan<double> values)
    {
        var k = 0;
        var total = 0.0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = Vector<double>.Count;
            var sum = Vector<double>.Zero;
            for (; k + v <= values.Length; k += v)
            {
                sum += Vector.Abs(new Vector<double>(values[k..]));
            }
            total = Vector.Sum(sum);
        }
        for (; k < values.Length; k++)
        {
            total += Math.Abs(values[k]);
        }
        return total;
    }

    /// <summary>sums[k] += |row[k]| for every k (each element's additions in the callers' order).</summary>
    private static void AddAbs(ReadOnlySpan<double> row, Span<double> sums)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = Vector<double>.Count;
            for (; k + v <= row.Length; k += v)
            {
                (new Vector<double>(sums[k..]) + Vector.Abs(new Vector<double>(row[k..]))).CopyTo(sums[k..]);
            }
        }
        for (; k < row.Length; k++)
        {
            sums[k] += Math.Abs(row[k]);
        }
    }

    /// <summary>into[k] = factor·values[k].</summary>
    private static void Scale(ReadOnlySpan<double> values, double factor, Span<double> into)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = Vector<double>.Count;
            var f = new Vector<double>(factor);
            for (; k + v <= values.Length; k += v)
            {
                (f * new Vector<double>(values[k..])).CopyTo(into[k..]);
            }
        }
        for (; k < values.Length; k++)
        {
            into[k] = factor * values[k];
        }
    }

    /// <summary>True when generator <paramref name="x"/> comes before <paramref name="y"/>: larger, or as large and earlier.</summary>
    private static bool Before(int x, int y, ReadOnlySpan<double> size)
    {
        var bySize = size[y].CompareTo(size[x]);
        return bySize != 0 ? bySize < 0 : x < y;
    }

    /// <summary>The output probability's interval over every hidden state in the set (the network's rounding included).</summary>
    public Interval Output(RecurrentNetwork network, double weightRadius = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        var cell = AffineCell.Of(network) ?? throw new ArgumentException($"The {network.Cell.Name} cell has no affine form.", nameof(network));
        return Output(cell, weightRadius);
    }

    private Interval Output(AffineCell cell, double weightRadius)
    {
        var n = Hidden;
        var m = Generators;
        var w1 = cell.OutputWeight;
        // p = σ(w·h + c): the bias (0 for the tutorial's cell) is one more term.
        var center = cell.OutputBias;
        var magnitude = Math.Abs(cell.OutputBias);
        var outputTerms = cell.Terms - 2;
        var spread = 0.0;
        var combined = _scratch.AsSpan(0, m);
        Combine(w1.AsSpan(0, n), Matrix.AsSpan(0, n * m), m, combined, skipZeros: false);
        for (var j = 0; j < n; j++)
        {
            center += w1[j] * Center[j];
            var rowAbs = AbsSum(Matrix.AsSpan(j * m, m));
            spread += Math.Abs(w1[j]) * Error[j];
            magnitude += Math.Abs(w1[j]) * (Math.Abs(Center[j]) + rowAbs + Error[j]);
        }
        spread += AbsSum(combined);
        var radius = SoundMath.Inflate(spread + (2 * cell.OutputGamma * (magnitude + (weightRadius * outputTerms))) + (weightRadius * outputTerms));
        return new Interval(
            SoundMath.SigmoidLower(SoundMath.Down(center - radius)),
            SoundMath.SigmoidUpper(SoundMath.Up(center + radius)));
    }
}
