using System.Numerics;
using RnnCalc.Network;

namespace RnnCalc.Arithmetic;

/// <summary>
/// Addition and subtraction by the networks, for <see cref="LongMultiplication"/> and <see cref="LongDivision"/>
/// and the plain + and −: every pair becomes bit steps (two's complement at the width it needs, plus one step),
/// a batch goes through <see cref="NetworkPass"/> together, and every run is logged in order.
/// </summary>
internal sealed class NetworkArithmetic : IArithmeticUnit
{
    private readonly IReadOnlyDictionary<Operation, RecurrentNetwork> _networks;
    private readonly List<NetworkRun> _runs = [];

    public NetworkArithmetic(IReadOnlyDictionary<Operation, RecurrentNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        _networks = networks;
    }

    /// <summary>Every run so far, numbered from 1.</summary>
    public IReadOnlyList<NetworkRun> Runs => _runs;

    public IReadOnlyList<BigInteger> Add(IReadOnlyList<(BigInteger A, BigInteger B)> pairs) => Run(Operation.Add, pairs);

    public IReadOnlyList<BigInteger> Subtract(IReadOnlyList<(BigInteger A, BigInteger B)> pairs) => Run(Operation.Subtract, pairs);

    public IReadOnlyList<BigInteger> Run(Operation operation, IReadOnlyList<(BigInteger A, BigInteger B)> pairs)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(pairs);
        var network = Network(operation);
        var sequences = new BitSequence[pairs.Count];
        var emitted = new byte[pairs.Count][];
        for (var k = 0; k < pairs.Count; k++)
        {
            sequences[k] = Encode(pairs[k].A, pairs[k].B);
            emitted[k] = new byte[sequences[k].Length];
        }
        NetworkPass.Run(network, sequences, emitted, keepStates: false);
        var results = new BigInteger[pairs.Count];
        for (var k = 0; k < pairs.Count; k++)
        {
            results[k] = TwosComplement.Decode(emitted[k]);
            _runs.Add(new NetworkRun(_runs.Count + 1, operation, pairs[k].A, pairs[k].B, results[k], emitted[k].Length));
        }
        return results;
    }

    public RecurrentNetwork Network(Operation operation) =>
        _networks.TryGetValue(operation, out var network) ? network : throw new ExpressionException($"no network for {operation.Name}");

    /// <summary>The operands as the network reads them: both at the wider width plus one step, the exact result as the target.</summary>
    internal static BitSequence Encode(BigInteger a, BigInteger b, Operation? target = null)
    {
        var steps = NetworkRun.StepsFor(a, b);
        var sequence = new BitSequence(steps);
        sequence.SetLength(steps);
        TwosComplement.Encode(a, sequence.A);
        TwosComplement.Encode(b, sequence.B);
        if (target is not null)
        {
            TwosComplement.Encode(target.Exact(a, b), sequence.Target);
        }
        return sequence;
    }
}
