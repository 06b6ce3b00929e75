using RnnCalc.Arithmetic;

namespace RnnCalc.Verification;

/// <summary>
/// A deterministic Mealy machine over the four input pairs: per state and pair, the next state, the emitted bit and
/// its margin from 0.5 (how certain the network is of that bit). State 0 is the initial state.
/// </summary>
public sealed class MealyMachine
{
    private readonly int[] _next;
    private readonly byte[] _output;
    private readonly double[] _margin;

    /// <param name="next">(states × 4) next state per state and input pair.</param>
    /// <param name="output">(states × 4) emitted bit.</param>
    /// <param name="margin">(states × 4) distance of the output from 0.5 (the smallest seen or proven).</param>
    public MealyMachine(int[] next, byte[] output, double[] margin)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(margin);
        if (next.Length == 0 || next.Length % InputPair.Count != 0 || output.Length != next.Length || margin.Length != next.Length)
        {
            throw new ArgumentException("A machine needs at least one state and 4 transitions per state.", nameof(next));
        }
        var states = next.Length / InputPair.Count;
        foreach (var target in next)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(next));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target, states, nameof(next));
        }
        _next = next;
        _output = output;
        _margin = margin;
    }

    /// <summary>Number of states.</summary>
    public int States => _next.Length / InputPair.Count;

    /// <summary>The state after reading input <paramref name="pair"/> (0..3: (a, b) = (0,0), (0,1), (1,0), (1,1)) in <paramref name="state"/>.</summary>
    public int Next(int state, int pair) => _next[(state * InputPair.Count) + pair];

    /// <summary>The bit emitted on reading <paramref name="pair"/> in <paramref name="state"/>.</summary>
    public int Output(int state, int pair) => _output[(state * InputPair.Count) + pair];

    /// <summary>How far from 0.5 the output on <paramref name="pair"/> in <paramref name="state"/> is (proven lower bound or smallest seen).</summary>
    public double Margin(int state, int pair) => _margin[(state * InputPair.Count) + pair];

    /// <summary>The smallest margin over all transitions.</summary>
    public double MinimumMargin => _margin.Min();

    /// <summary>The operation's reference machine: state = borrow or carry, starting at 0, margins 0.5 (exact).</summary>
    public static MealyMachine Reference(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var next = new int[2 * InputPair.Count];
        var output = new byte[2 * InputPair.Count];
        for (var state = 0; state < 2; state++)
        {
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var (bit, following) = operation.Transition(InputPair.A(pair), InputPair.B(pair), state);
                next[(state * InputPair.Count) + pair] = following;
                output[(state * InputPair.Count) + pair] = (byte)bit;
            }
        }
        return new MealyMachine(next, output, Enumerable.Repeat(0.5, next.Length).ToArray());
    }

    /// <summary>
    /// The equivalent machine with the fewest states (Moore's partition refinement over the states reachable from
    /// the initial one); merged transitions keep the smallest margin. Also returns each original state's class (−1: unreachable).
    /// </summary>
    public (MealyMachine Machine, int[] ClassOf) Minimise()
    {
        var reachable = Reachable();
        var order = reachable.ToArray();
        var classOf = new int[States];
        Array.Fill(classOf, -1);
        // Start from the output signature, then split by successor classes until nothing changes.
        var count = Partition(order, classOf, initial: true);
        while (true)
        {
            var refined = Partition(order, classOf, initial: false);
            if (refined == count)
            {
                break;
            }
            count = refined;
        }
        // Renumber so the initial state's class is 0 and the rest follow breadth-first.
        var renumber = new int[count];
        Array.Fill(renumber, -1);
        var queue = new Queue<int>();
        renumber[classOf[0]] = 0;
        var assigned = 1;
        queue.Enqueue(0);
        var seen = new bool[States];
        seen[0] = true;
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var t = Next(s, pair);
                if (renumber[classOf[t]] < 0)
                {
                    renumber[classOf[t]] = assigned;
                    assigned++;
                }
                if (!seen[t])
                {
                    seen[t] = true;
                    queue.Enqueue(t);
                }
            }
        }
        var next = new int[count * InputPair.Count];
        var output = new byte[count * InputPair.Count];
        var margin = new double[count * InputPair.Count];
        Array.Fill(margin, double.PositiveInfinity);
        foreach (var s in order)
        {
            var c = renumber[classOf[s]];
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var index = (c * InputPair.Count) + pair;
                next[index] = renumber[classOf[Next(s, pair)]];
                output[index] = (byte)Output(s, pair);
                margin[index] = Math.Min(margin[index], Margin(s, pair));
            }
        }
        for (var s = 0; s < States; s++)
        {
            classOf[s] = classOf[s] < 0 ? -1 : renumber[classOf[s]];
        }
        return (new MealyMachine(next, output, margin), classOf);
    }

    /// <summary>
    /// The shortest input (pairs, least-significant step first) on which this machine and <paramref name="other"/>
    /// emit different bits, both started in their initial states; null when they agree on every input.
    /// </summary>
    public int[]? ShortestDifference(MealyMachine other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var width = other.States;
        var parent = new Dictionary<long, (long From, int Pair)>();
        var queue = new Queue<long>();
        parent[0] = (-1, -1);
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            var key = queue.Dequeue();
            var (s, t) = ((int)(key / width), (int)(key % width));
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                if (Output(s, pair) != other.Output(t, pair))
                {
                    var word = new List<int> { pair };
                    for (var k = key; parent[k].From >= 0; k = parent[k].From)
                    {
                        word.Add(parent[k].Pair);
                    }
                    word.Reverse();
                    return [.. word];
                }
                var following = ((long)Next(s, pair) * width) + other.Next(t, pair);
                if (parent.TryAdd(following, (key, pair)))
                {
                    queue.Enqueue(following);
                }
            }
        }
        return null;
    }

    /// <summary>The states reachable from the initial state, in breadth-first order.</summary>
    public IReadOnlyList<int> Reachable()
    {
        var seen = new bool[States];
        var order = new List<int> { 0 };
        seen[0] = true;
        for (var i = 0; i < order.Count; i++)
        {
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var t = Next(order[i], pair);
                if (!seen[t])
                {
                    seen[t] = true;
                    order.Add(t);
                }
            }
        }
        return order;
    }

    /// <summary>The state reached from the initial one after <paramref name="word"/>.</summary>
    public int Run(IEnumerable<int> word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var state = 0;
        foreach (var pair in word)
        {
            state = Next(state, pair);
        }
        return state;
    }

    /// <summary>Gives every state the class of its signature: its outputs and (after the first round) its own and its successors' classes.</summary>
    private int Partition(int[] states, int[] classOf, bool initial)
    {
        var classes = new Dictionary<(int Own, int Outputs, int S0, int S1, int S2, int S3), int>();
        var assignment = new int[states.Length];
        for (var i = 0; i < states.Length; i++)
        {
            var s = states[i];
            var outputs = 0;
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                outputs |= Output(s, pair) << pair;
            }
            var key = initial
                ? (0, outputs, 0, 0, 0, 0)
                : (classOf[s], outputs, classOf[Next(s, 0)], classOf[Next(s, 1)], classOf[Next(s, 2)], classOf[Next(s, 3)]);
            if (!classes.TryGetValue(key, out var c))
            {
                c = classes.Count;
                classes[key] = c;
            }
            assignment[i] = c;
        }
        for (var i = 0; i < states.Length; i++)
        {
            classOf[states[i]] = assignment[i];
        }
        return classes.Count;
    }
}
