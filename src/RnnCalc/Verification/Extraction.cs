using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// The machine a network seems to implement, read off concrete hidden states: breadth-first from the initial state
/// under the four input pairs, each new state joins the first cluster whose representative is within an L∞ radius or
/// founds a new one. Transitions come from the representatives, with the bit emitted and its margin from 0.5.
/// Empirical, not a proof: its use is a readable machine and the search for a counterexample.
/// </summary>
internal sealed class Extraction
{
    private Extraction(MealyMachine machine, IReadOnlyList<int[]> words, bool complete)
    {
        Machine = machine;
        Words = words;
        Complete = complete;
    }

    /// <summary>One state per cluster; state 0 is the initial state's.</summary>
    public MealyMachine Machine { get; }

    /// <summary>Per cluster, the input that first reached it.</summary>
    public IReadOnlyList<int[]> Words { get; }

    public int Clusters => Machine.States;

    /// <summary>False when the cluster limit was reached (later states were sent to the nearest cluster).</summary>
    public bool Complete { get; }

    public static Extraction Run(RecurrentNetwork network, double radius = 0.05, int maxClusters = 2000, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClusters, 1);
        var representatives = new List<double[]> { NetworkStep.Initial(network) };
        var words = new List<int[]> { Array.Empty<int>() };
        var next = new List<int>();
        var bits = new List<byte>();
        var margins = new List<double>();
        var index = new BoxIndex(BoxIndex.WidestUnits(Probe(network), 3), radius);
        index.File(0, Box.Point(representatives[0]));
        var near = new List<int>();
        var complete = true;
        var point = new double[network.Cell.StateSize(network.Hidden)];
        for (var c = 0; c < representatives.Count; c++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var output = NetworkStep.Run(network, representatives[c], pair, point);
                var probe = Box.Point(point);
                index.Near(probe, radius, near);
                var target = Nearest(representatives, near, point, radius);
                if (target < 0 && representatives.Count >= maxClusters)
                {
                    complete = false;
                    target = Nearest(representatives, Enumerable.Range(0, representatives.Count), point, double.PositiveInfinity);
                }
                if (target < 0)
                {
                    target = representatives.Count;
                    representatives.Add((double[])point.Clone());
                    words.Add([.. words[c], pair]);
                    index.File(target, probe);
                }
                next.Add(target);
                bits.Add(output > 0.5 ? (byte)1 : (byte)0);
                margins.Add(Math.Abs(output - 0.5));
            }
        }
        return new Extraction(new MealyMachine([.. next], [.. bits], [.. margins]), words, complete);
    }

    private static int Nearest(List<double[]> representatives, IEnumerable<int> candidates, double[] point, double radius)
    {
        var (best, bestDistance) = (-1, double.PositiveInfinity);
        foreach (var c in candidates)
        {
            var d = 0.0;
            var r = representatives[c];
            for (var j = 0; j < point.Length && d <= bestDistance; j++)
            {
                d = Math.Max(d, Math.Abs(r[j] - point[j]));
            }
            if (d <= radius && d < bestDistance)
            {
                (best, bestDistance) = (c, d);
            }
        }
        return best;
    }

    /// <summary>States along every input of up to 4 steps, to choose the units the grid is built on.</summary>
    private static List<double[]> Probe(RecurrentNetwork network)
    {
        var level = new List<double[]> { NetworkStep.Initial(network) };
        var all = new List<double[]>(level);
        for (var depth = 0; depth < 4; depth++)
        {
            var following = new List<double[]>();
            foreach (var h in level)
            {
                for (var pair = 0; pair < InputPair.Count; pair++)
                {
                    var s = new double[network.Cell.StateSize(network.Hidden)];
                    NetworkStep.Run(network, h, pair, s);
                    following.Add(s);
                }
            }
            all.AddRange(following);
            level = following;
        }
        return all;
    }
}
