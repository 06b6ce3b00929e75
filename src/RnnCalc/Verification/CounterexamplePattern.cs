using System.Globalization;
using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// The shape of a counterexample that ends in a run of one input pair, the way these networks fail: "after k steps
/// of a b = 1 1 while borrowing, the network drops the borrow". The family (the same prefix, then the pair k times)
/// is run through the calculator for several k at and beyond the shortest, and the description says which were wrong.
/// </summary>
/// <param name="Prefix">The input before the run.</param>
/// <param name="Pair">The repeated input pair.</param>
/// <param name="Steps">The shortest run after which the network errs (k).</param>
/// <param name="State">The reference state (borrow or carry) during the run.</param>
/// <param name="Confirmed">The run lengths at which the calculator confirmed a wrong result.</param>
/// <param name="Description">One sentence.</param>
internal sealed record CounterexamplePattern(IReadOnlyList<int> Prefix, int Pair, int Steps, int State, IReadOnlyList<int> Confirmed, string Description)
{
    /// <summary>Runs shorter than this are not called a pattern.</summary>
    public const int MinimumRun = 4;

    /// <summary>The pattern of <paramref name="word"/> (the network's bit is wrong at its last step only), or null when it does not end in a run.</summary>
    public static CounterexamplePattern? Of(RecurrentNetwork network, Operation operation, IReadOnlyList<int> word)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(word);
        if (word.Count < MinimumRun)
        {
            return null;
        }
        var pair = word[^1];
        var start = word.Count - 1;
        while (start > 0 && word[start - 1] == pair)
        {
            start--;
        }
        var steps = word.Count - start;
        if (steps < MinimumRun)
        {
            return null;
        }
        var prefix = word.Take(start).ToArray();
        var reference = MealyMachine.Reference(operation);
        var state = reference.Run(prefix);
        if (reference.Next(state, pair) != state)
        {
            return null;
        }
        var confirmed = new List<int>();
        foreach (var k in new[] { steps, steps + 1, steps + 2, steps + 5, steps + 10, steps + 50, 2 * steps + 100 })
        {
            if (Counterexample.FromWord(network, operation, [.. prefix, .. Enumerable.Repeat(pair, k)]) is not null)
            {
                confirmed.Add(k);
            }
        }
        var name = operation.StateName;
        var during = state == 1 ? $"while {(name == "borrow" ? "borrowing" : "carrying")}" : $"with no {name}";
        var what = state == 1 ? $"drops the {name}" : $"makes up a {name}";
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"after {steps} steps of a b = {InputPair.A(pair)} {InputPair.B(pair)} {during}{(prefix.Length > 0 ? $" (from {InputPair.Format(prefix)})" : string.Empty)}, the network {what}; the calculator confirms it for k = {string.Join(", ", confirmed)} steps of the run");
        return new CounterexamplePattern(prefix, pair, steps, state, confirmed, description);
    }
}
