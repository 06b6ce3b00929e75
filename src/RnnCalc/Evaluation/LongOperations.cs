using System.Numerics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Random;

namespace RnnCalc.Evaluation;

/// <summary>
/// The long operations a network carries, on random operands: an add network's products (a, b of the width),
/// a subtract network's quotients and remainders (a of the width, divisor of half of it, not 0), each done the
/// calculator's way and right only when the whole answer is.
/// </summary>
internal static class LongOperations
{
    public static IReadOnlyList<LongOperationResult> Measure(RecurrentNetwork network, Operation operation, IReadOnlyList<int> widths, int samples, uint seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(widths);
        var random = new NumpyRandom(seed);
        var unit = new NetworkArithmetic(new Dictionary<Operation, RecurrentNetwork> { [operation] = network });
        var results = new List<LongOperationResult>();
        foreach (var bits in widths)
        {
            var pairs = new (BigInteger A, BigInteger B)[samples];
            for (var i = 0; i < samples; i++)
            {
                pairs[i] = operation == Operation.Add
                    ? (LengthGeneralization.Draw(random, bits), LengthGeneralization.Draw(random, bits))
                    : (LengthGeneralization.Draw(random, bits), LengthGeneralization.Draw(random, Math.Max(1, bits / 2)) + 1);
            }
            if (operation == Operation.Add)
            {
                results.Add(new("multiply", bits, samples, pairs.Count(p => LongMultiplication.Multiply(unit, p.A, p.B) == p.A * p.B)));
                continue;
            }
            var quotients = 0;
            var remainders = 0;
            foreach (var (a, b) in pairs)
            {
                var (quotient, remainder) = LongDivision.DivRem(unit, a, b);
                quotients += quotient == BigInteger.Divide(a, b) ? 1 : 0;
                remainders += remainder == BigInteger.Remainder(a, b) ? 1 : 0;
            }
            results.Add(new("divide", bits, samples, quotients));
            results.Add(new("remainder", bits, samples, remainders));
        }
        return results;
    }
}
