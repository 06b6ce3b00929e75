using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Evaluation;

/// <summary>
/// The first <see cref="Depth"/> steps of every operand pair, computed once, scalar, in exactly
/// <see cref="Rnn.Forward"/>'s arithmetic. Node x at depth d stands for the low d bits of a and b: its base-4 digit
/// s is step s's bit pair (a | b·2). The hidden state after k steps depends only on those bits, so every pair
/// with the same low bits shares these nodes; the vectorised walk starts from them.
/// </summary>
internal sealed class PrefixRoots
{
    public PrefixRoots(RecurrentNetwork network, Operation operation, int depth)
    {
        var h = network.Hidden;
        Depth = depth;
        Count = 1 << (2 * depth);
        var states = new double[h];
        Array.Fill(states, network.InitialHidden);
        var wrong = new ulong[1];
        var borrow = new int[1];
        for (var d = 0; d < depth; d++)
        {
            var parents = 1 << (2 * d);
            var nextStates = new double[4 * parents * h];
            var nextWrong = new ulong[4 * parents];
            var nextBorrow = new int[4 * parents];
            for (var digit = 0; digit < 4; digit++)
            {
                int a = digit & 1, b = digit >> 1;
                for (var parent = 0; parent < parents; parent++)
                {
                    var node = (digit * parents) + parent;
                    var emitted = Step(network, states.AsSpan(parent * h, h), a, b, nextStates.AsSpan(node * h, h));
                    var (bit, next) = operation.Transition(a, b, borrow[parent]);
                    nextWrong[node] = wrong[parent] | (emitted != bit ? 1UL << d : 0);
                    nextBorrow[node] = next;
                }
            }
            (states, wrong, borrow) = (nextStates, nextWrong, nextBorrow);
        }
        States = states;
        Wrong = wrong;
        Borrow = borrow;
    }

    public int Depth { get; }

    /// <summary>4^Depth nodes.</summary>
    public int Count { get; }

    /// <summary>(4^Depth × H): each node's hidden state after Depth steps.</summary>
    public double[] States { get; }

    /// <summary>Per node, bit t set when the emitted bit of step t was wrong.</summary>
    public ulong[] Wrong { get; }

    /// <summary>Per node, the reference machine's borrow or carry after Depth steps.</summary>
    public int[] Borrow { get; }

    /// <summary>The low Depth bits of a at a node.</summary>
    public static long LowA(int node) => Deinterleave(node);

    /// <summary>The low Depth bits of b at a node.</summary>
    public static long LowB(int node) => Deinterleave(node >> 1);

    private static long Deinterleave(int digits)
    {
        long value = 0;
        for (var s = 0; digits >> (2 * s) != 0; s++)
        {
            value |= (long)((digits >> (2 * s)) & 1) << s;
        }
        return value;
    }

    /// <summary>One step of Rnn.Forward from a state (the tutorial cell's reference step); returns the emitted bit.</summary>
    private static int Step(RecurrentNetwork network, ReadOnlySpan<double> prev, int a, int b, Span<double> state) =>
        network.Cell.StepForward(network, a, b, prev, state, []) > 0.5 ? 1 : 0;
}
