using System.Runtime.InteropServices;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Random;

namespace RnnCalc.Verification;

/// <summary>
/// Looks for an input on which the network's bit differs from the reference machine's: first the hints (inputs into
/// trouble the proof met) continued by repeating their last one, two or three pairs — a state that drifts under a
/// repeated input is how these networks forget a borrow or carry — then random walks that favour a few pairs.
/// </summary>
internal static class Falsifier
{
    public static int[]? Search(
        RecurrentNetwork network,
        Operation operation,
        IEnumerable<IReadOnlyList<int>> hints,
        int walks,
        int length,
        VerificationClock clock,
        TimeSpan deadline,
        CancellationToken cancellation)
    {
        var reference = MealyMachine.Reference(operation);
        foreach (var hint in hints)
        {
            for (var period = 1; period <= 3 && period <= hint.Count; period++)
            {
                var tail = hint.Skip(hint.Count - period).ToArray();
                var found = Walk(network, reference, length, t => t < hint.Count ? hint[t] : tail[(t - hint.Count) % period], hint.Count, period);
                if (found is not null)
                {
                    return found;
                }
            }
        }
        var random = new NumpyRandom(0);
        var weights = new double[InputPair.Count];
        for (var w = 0; w < walks; w++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (clock.Elapsed > deadline)
            {
                break;
            }
            var total = 0.0;
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                weights[pair] = Math.Pow(random.NextDouble(), 3);
                total += weights[pair];
            }
            var found = Walk(network, reference, length, _ =>
            {
                var r = random.NextDouble() * total;
                var pair = 0;
                while (pair < InputPair.Count - 1 && r >= weights[pair])
                {
                    r -= weights[pair];
                    pair++;
                }
                return pair;
            });
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>
    /// A shorter input that still makes the network err: blocks of halving size are cut out while an error remains
    /// (the input then ends at the first wrong bit). Costs at most about <paramref name="budget"/> network steps.
    /// </summary>
    public static int[] Shorten(RecurrentNetwork network, Operation operation, int[] word, long budget = 2_000_000)
    {
        var reference = MealyMachine.Reference(operation);
        var spent = 0L;
        for (var block = Math.Max(1, word.Length / 2); block >= 1 && spent < budget; block /= 2)
        {
            for (var start = 0; start < word.Length && spent < budget;)
            {
                var cut = Math.Min(block, word.Length - start);
                var candidate = new int[word.Length - cut];
                Array.Copy(word, candidate, start);
                Array.Copy(word, start + cut, candidate, start, word.Length - start - cut);
                spent += candidate.Length;
                var wrong = candidate.Length == 0 ? null : Walk(network, reference, candidate.Length, t => candidate[t]);
                if (wrong is not null)
                {
                    word = wrong;
                }
                else
                {
                    start += block;
                }
            }
        }
        return word;
    }

    /// <summary>
    /// Runs the network and the reference side by side; the input up to the first differing bit, or null. When the
    /// input repeats with <paramref name="period"/> from step <paramref name="periodicFrom"/> on, the walk stops as soon
    /// as the network's state and the reference's are exactly (bit for bit) what they were some whole number of periods
    /// before: from there both repeat the periods just checked, so the rest of the walk cannot differ. Contracting
    /// networks get there within a few dozen steps, which makes the periodic searches several times cheaper and
    /// changes nothing they find.
    /// </summary>
    private static int[]? Walk(RecurrentNetwork network, MealyMachine reference, int length, Func<int, int> pairAt, int periodicFrom = int.MaxValue, int period = 0)
    {
        var h = NetworkStep.Initial(network);
        var next = new double[network.Cell.StateSize(network.Hidden)];
        var mark = period > 0 ? new double[next.Length] : null;
        var markState = -1;
        var state = 0;
        var word = new List<int>();
        for (var t = 0; t < length; t++)
        {
            if (mark is not null && t >= periodicFrom && (t - periodicFrom) % period == 0)
            {
                if (markState == state && MemoryMarshal.AsBytes(mark.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(h.AsSpan())))
                {
                    return null;
                }
                // Marked at the 1st, 2nd, 4th, 8th… period (Brent's cycle finding), so that a state that ends up
                // cycling through a few values a few ulps apart, as rounding can make it, is caught as well.
                var periods = (t - periodicFrom) / period;
                if ((periods & (periods - 1)) == 0)
                {
                    h.CopyTo(mark, 0);
                    markState = state;
                }
            }
            var pair = pairAt(t);
            word.Add(pair);
            var output = NetworkStep.Run(network, h, pair, next);
            (h, next) = (next, h);
            if ((output > 0.5 ? 1 : 0) != reference.Output(state, pair))
            {
                return [.. word];
            }
            state = reference.Next(state, pair);
        }
        return null;
    }
}
