using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// A beam search for the input that brings the network's output nearest the wrong side of 0.5, run on the real
/// network: from the initial state and from the states the hints lead to (inputs into the regions where a proof
/// failed), every kept state is stepped under all four pairs, and the states whose last output was closest to
/// wrong are kept, one per small cell of the state space so that the beam does not collapse onto one state. A step
/// whose bit differs from the reference machine's is a counterexample. When none is found, <see cref="Result.Margin"/>
/// is the smallest distance from 0.5 (on the right side) seen: how nearly the network errs. It finds errors that
/// announce themselves in the output; an error after a slow drift of the state (a borrow forgotten after many 1 1
/// pairs, with confident outputs until then) is the periodic continuations' of <see cref="Falsifier"/>.
/// </summary>
internal static class MarginSearch
{
    /// <summary>States closer than this (in every unit) count as one for the beam's diversity.</summary>
    private const double Cell = 1e-4;

    /// <summary>What the search found: an input whose last bit is wrong (or null), and the smallest margin seen.</summary>
    public sealed record Result(int[]? Counterexample, double Margin, int[] Nearest, long Steps);

    /// <summary>Searches up to <paramref name="depth"/> steps past each start, keeping <paramref name="width"/> states per step.</summary>
    public static Result Run(RecurrentNetwork network, Operation operation, IEnumerable<IReadOnlyList<int>> hints, int width, int depth, CancellationToken cancellation = default)
    {
        var reference = MealyMachine.Reference(operation);
        var size = network.Cell.StateSize(network.Hidden);
        // The word arena: each node's parent and last pair, so words are rebuilt only for the answer.
        var parent = new List<int>();
        var last = new List<byte>();
        var beam = new List<Node>();
        var state = new List<double[]>();
        var margin = double.PositiveInfinity;
        var nearest = -1;
        var steps = 0L;

        int[] WordOf(int node)
        {
            var word = new List<int>();
            for (var n = node; n >= 0; n = parent[n])
            {
                word.Add(last[n]);
            }
            word.Reverse();
            return [.. word];
        }

        // Starts: the initial state, and every prefix of every hint (run once along each hint).
        beam.Add(new Node(-1, 0, double.PositiveInfinity, 0));
        state.Add(NetworkStep.Initial(network));
        foreach (var hint in hints)
        {
            var (h, r, node) = (NetworkStep.Initial(network), 0, -1);
            foreach (var pair in hint)
            {
                var next = new double[size];
                var output = NetworkStep.Run(network, h, pair, next);
                steps++;
                parent.Add(node);
                last.Add((byte)pair);
                node = parent.Count - 1;
                var m = Signed(output, reference.Output(r, pair));
                if (m <= 0)
                {
                    return new Result(WordOf(node), m, WordOf(node), steps);
                }
                (h, r) = (next, reference.Next(r, pair));
                beam.Add(new Node(node, r, m, state.Count));
                state.Add(h);
            }
        }
        beam = Diverse(beam, state, width);

        // Two sets of state buffers, this level's and the one before: after a level the older set is written over, so
        // the search allocates only while the beam grows to its width.
        var candidates = new List<Node>();
        var candidateStates = new List<double[]>();
        for (var level = 0; level < depth && beam.Count > 0; level++)
        {
            cancellation.ThrowIfCancellationRequested();
            candidates.Clear();
            foreach (var node in beam)
            {
                var h = state[node.State];
                for (var pair = 0; pair < InputPair.Count; pair++)
                {
                    if (candidates.Count == candidateStates.Count)
                    {
                        candidateStates.Add(new double[size]);
                    }
                    var next = candidateStates[candidates.Count];
                    var output = NetworkStep.Run(network, h, pair, next);
                    steps++;
                    parent.Add(node.Word);
                    last.Add((byte)pair);
                    var id = parent.Count - 1;
                    var m = Signed(output, reference.Output(node.Reference, pair));
                    if (m <= 0)
                    {
                        return new Result(WordOf(id), m, WordOf(id), steps);
                    }
                    if (m < margin)
                    {
                        (margin, nearest) = (m, id);
                    }
                    candidates.Add(new Node(id, reference.Next(node.Reference, pair), m, candidates.Count));
                }
            }
            (state, candidateStates) = (candidateStates, state);
            beam = Diverse(candidates, state, width);
        }
        return new Result(null, margin, nearest < 0 ? [] : WordOf(nearest), steps);
    }

    /// <summary>The distance of the output from 0.5 on the side of the right bit: negative or zero when the bit is wrong.</summary>
    private static double Signed(double output, int bit) => bit == 1 ? output - 0.5 : 0.5 - output;

    /// <summary>The <paramref name="width"/> nodes with the smallest margins, at most one per cell of the state space and reference state.</summary>
    private static List<Node> Diverse(List<Node> nodes, List<double[]> states, int width)
    {
        nodes.Sort((x, y) => x.Margin.CompareTo(y.Margin));
        var seen = new HashSet<(int, long)>();
        var kept = new List<Node>(width);
        foreach (var node in nodes)
        {
            if (seen.Add((node.Reference, Key(states[node.State]))))
            {
                kept.Add(node);
                if (kept.Count == width)
                {
                    break;
                }
            }
        }
        return kept;
    }

    private static long Key(double[] h)
    {
        var hash = 17L;
        foreach (var v in h)
        {
            hash = (hash * 1_000_003) + (long)Math.Floor(v / Cell);
        }
        return hash;
    }

    /// <summary>A beam entry: its word (arena node), reference state, last margin and hidden state (index).</summary>
    private readonly record struct Node(int Word, int Reference, double Margin, int State);
}
