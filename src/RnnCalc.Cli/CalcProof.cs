using RnnCalc.Arithmetic;
using RnnCalc.Training;

namespace RnnCalc.Cli;

/// <summary>
/// Whether <c>calc</c>'s answer is guaranteed: every network it ran is proven by <c>verify</c> for every input
/// length (<see cref="ProofCache"/>), and the algorithm on top (one run for + and −, long multiplication, long
/// division) is shown right given right adders by property tests against BigInteger.
/// </summary>
internal static class CalcProof
{
    public static CalcGuarantee Guarantee(Calculation calculation, IReadOnlyDictionary<Operation, TrainedModel> models, CancellationToken cancellation)
    {
        var used = calculation.Runs.Select(r => r.Operation).Distinct().ToList();
        if (used.Count == 0)
        {
            return new CalcGuarantee(true, "no network ran: the answer is the number written");
        }
        var networks = Networks(used, models, cancellation);
        if (!networks.Guaranteed)
        {
            return networks;
        }
        var operators = calculation.Operations.Select(o => o.Operator).ToHashSet();
        var algorithms = new List<string>();
        if (operators.Contains(BinaryOperator.Multiply))
        {
            algorithms.Add("long multiplication");
        }
        if (operators.Contains(BinaryOperator.Divide) || operators.Contains(BinaryOperator.Remainder))
        {
            algorithms.Add("long division");
        }
        return algorithms.Count == 0
            ? new CalcGuarantee(true, $"{networks.Reason}, and each + and - is one run of it")
            : new CalcGuarantee(true, $"{networks.Reason}, and {string.Join(" and ", algorithms)} {(algorithms.Count > 1 ? "are" : "is")} property-tested against BigInteger given correct networks");
    }

    /// <summary>Whether the networks for these operations are all proven, in words.</summary>
    public static CalcGuarantee Networks(IReadOnlyCollection<Operation> operations, IReadOnlyDictionary<Operation, TrainedModel> models, CancellationToken cancellation)
    {
        foreach (var operation in operations)
        {
            var (proven, reason) = ProofCache.Verdict(models[operation], cancellation);
            if (!proven)
            {
                return new CalcGuarantee(false, $"the {operation.Name} network is not proven by verify ({reason})");
            }
        }
        var names = string.Join(" and ", operations.Select(o => o.Name));
        return new CalcGuarantee(true, $"the {names} network{(operations.Count > 1 ? "s are" : " is")} proven by verify for every input length");
    }
}
