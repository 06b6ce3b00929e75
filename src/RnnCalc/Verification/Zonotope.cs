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
    private Zonotope(int hidden, int generators)
    {
        Hidden = hidden;
        Generators = generators;
        Center = new double[hidden];
        Matrix = new double[hidden * generators];
        Error = new double[hidden];
    }

    /// <summary>The range the states lie in, so bounds can be clipped: none from a box, φ's from a step.</summary>
    private double Floor { get; init; } = double.NegativeInfinity;

    private double Ceiling { get; init; } = double.PositiveInfinity;

    public int Hidden { get; }

    /// <summary>Columns of <see cref="Matrix"/>.</summary>
    public int Generators { get; }

    public double[] Center { get; }

    /// <summary>(H × Generators) row-major: row j holds unit j's coefficients.</summary>
    public double[] Matrix { get; }

    /// <summary>Per unit, the radius of an independent error term.</summary>
    public double[] Error { get; }

    public static Zonotope FromBox(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var n = box.Dimension;
        var z = new Zonotope(n, n);
        for (var j = 0; j < n; j++)
        {
            var c = (box.Lo[j] + box.Hi[j]) / 2;
            z.Center[j] = c;
            z.Matrix[(j * n) + j] = SoundMath.Up(Math.Max(box.Hi[j] - c, c - box.Lo[j]));
        }
        return z;
    }

    /// <summary>The smallest box (rounded outward) holding the set; hidden states are sigmoid (tanh) outputs, so a step's stays in [0, 1] ([−1, 1]).</summary>
    public Box Bounds()
    {
        var box = new Box(Hidden);
        for (var j = 0; j < Hidden; j++)
        {
            var radius = Error[j];
            foreach (var g in Matrix.AsSpan(j * Generators, Generators))
            {
                radius += Math.Abs(g);
            }
            radius = SoundMath.Inflate(radius);
            box.Lo[j] = Math.Max(Floor, SoundMath.Down(Center[j] - radius));
            box.Hi[j] = Math.Min(Ceiling, SoundMath.Up(Center[j] + radius));
        }
        return box;
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
        var n = Hidden;
        var m = Generators;
        // The previous error terms become generators: the next affine map correlates them across units.
        var next = new Zonotope(n, m + n) { Floor = cell.Floor, Ceiling = cell.Ceiling };
        var mNext = next.Generators;
        var w = cell.Weight;
        var gamma = cell.Gamma;
        var terms = cell.Terms;
        var rowAbs = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = 0.0;
            foreach (var g in Matrix.AsSpan(i * m, m))
            {
                s += Math.Abs(g);
            }
            rowAbs[i] = s;
        }
        var pre = new double[mNext];
        for (var j = 0; j < n; j++)
        {
            var bias = cell.Bias[pair][j];
            var center = bias;
            var magnitude = cell.BiasMagnitude[pair][j];
            Array.Clear(pre);
            for (var i = 0; i < n; i++)
            {
                var wij = w[(j * n) + i];
                if (wij == 0)
                {
                    continue;
                }
                center += wij * Center[i];
                AddScaled(pre, wij, Matrix.AsSpan(i * m, m));
                pre[m + i] = wij * Error[i];
                magnitude += Math.Abs(wij) * (Math.Abs(Center[i]) + rowAbs[i] + Error[i]);
            }
            // Our sums and the network's own at any point of the set each err by at most γ·Σ|terms|.
            var rounding = SoundMath.Inflate((2 * gamma * (magnitude + (weightRadius * terms))) + (weightRadius * terms));
            var spread = 0.0;
            foreach (var g in pre)
            {
                spread += Math.Abs(g);
            }
            var radius = SoundMath.Inflate(spread + rounding);
            var (slope, gLo, gHi) = cell.Enclose(SoundMath.Down(center - radius), SoundMath.Up(center + radius));
            var mid = (gLo + gHi) / 2;
            var half = SoundMath.Up((gHi - gLo) / 2);
            next.Center[j] = (slope * center) + mid;
            var outRow = next.Matrix.AsSpan(j * mNext, mNext);
            for (var k = 0; k < mNext; k++)
            {
                outRow[k] = slope * pre[k];
            }
            // λ·(pre-activation rounding) + the lines' half gap + this row's own rounding (≤ 4u of its magnitude).
            var ownRounding = 4 * SoundMath.Unit * (Math.Abs(slope * center) + Math.Abs(mid) + (slope * spread));
            next.Error[j] = SoundMath.Inflate((slope * rounding) + half + ownRounding);
        }
        return (next, next.Output(cell, weightRadius));
    }

    /// <summary>into[k] += w·row[k], a vector at a time (the order of our sums does not matter: γ bounds any order).</summary>
    private static void AddScaled(Span<double> into, double w, ReadOnlySpan<double> row)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var scale = new Vector<double>(w);
            for (; k <= row.Length - Vector<double>.Count; k += Vector<double>.Count)
            {
                (new Vector<double>(into[k..]) + (scale * new Vector<double>(row[k..]))).CopyTo(into[k..]);
            }
        }
        for (; k < row.Length; k++)
        {
            into[k] += w * row[k];
        }
    }

    /// <summary>
    /// The same set or a larger one with at most <paramref name="maxGenerators"/> generators: the smallest (by
    /// Σ|column|) are folded into the per-unit error terms, which loses how they correlate the units and nothing else.
    /// </summary>
    internal Zonotope Reduced(int maxGenerators)
    {
        var n = Hidden;
        var m = Generators;
        if (m <= maxGenerators)
        {
            return this;
        }
        var size = new double[m];
        for (var j = 0; j < n; j++)
        {
            var row = Matrix.AsSpan(j * m, m);
            for (var k = 0; k < m; k++)
            {
                size[k] += Math.Abs(row[k]);
            }
        }
        var order = Enumerable.Range(0, m).OrderByDescending(k => size[k]).ToArray();
        var kept = order.AsSpan(0, maxGenerators);
        kept.Sort();
        var reduced = new Zonotope(n, maxGenerators) { Floor = Floor, Ceiling = Ceiling };
        Center.CopyTo(reduced.Center, 0);
        for (var j = 0; j < n; j++)
        {
            var row = Matrix.AsSpan(j * m, m);
            var into = reduced.Matrix.AsSpan(j * maxGenerators, maxGenerators);
            var folded = Error[j];
            for (var k = 0; k < kept.Length; k++)
            {
                into[k] = row[kept[k]];
            }
            foreach (var k in order.AsSpan(maxGenerators))
            {
                folded += Math.Abs(row[k]);
            }
            reduced.Error[j] = SoundMath.Inflate(folded);
        }
        return reduced;
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
        var combined = new double[m];
        for (var j = 0; j < n; j++)
        {
            center += w1[j] * Center[j];
            var row = Matrix.AsSpan(j * m, m);
            var rowAbs = 0.0;
            for (var k = 0; k < m; k++)
            {
                combined[k] += w1[j] * row[k];
                rowAbs += Math.Abs(row[k]);
            }
            spread += Math.Abs(w1[j]) * Error[j];
            magnitude += Math.Abs(w1[j]) * (Math.Abs(Center[j]) + rowAbs + Error[j]);
        }
        foreach (var g in combined)
        {
            spread += Math.Abs(g);
        }
        var radius = SoundMath.Inflate(spread + (2 * cell.OutputGamma * (magnitude + (weightRadius * outputTerms))) + (weightRadius * outputTerms));
        return new Interval(
            SoundMath.SigmoidLower(SoundMath.Down(center - radius)),
            SoundMath.SigmoidUpper(SoundMath.Up(center + radius)));
    }
}
