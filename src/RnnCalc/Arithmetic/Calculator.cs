using System.Numerics;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Arithmetic;

/// <summary>
/// Does arithmetic with trained networks: each operation runs bit by bit at the width its operands need (two's
/// complement, W bits including the sign) for W+1 steps, the last on the sign extension so the network emits
/// the final borrow or carry; the W+1 emitted bits are read back as two's complement.
/// </summary>
public sealed class Calculator
{
    private readonly IReadOnlyDictionary<Operation, RecurrentNetwork> _networks;

    public Calculator(IReadOnlyDictionary<Operation, RecurrentNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        _networks = networks;
    }

    /// <summary>Evaluates left to right; each intermediate result feeds the next operation as the network computed it.</summary>
    public Calculation Calculate(Expression expression, int maxBits = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var result = expression.First;
        var exact = expression.First;
        var traces = new List<Trace>(expression.Terms.Count);
        foreach (var term in expression.Terms)
        {
            var width = TwosComplement.Width(result);
            if (width > maxBits)
            {
                throw new ExpressionException($"an intermediate result needs {width} bits, more than --max-bits {maxBits}");
            }
            var trace = Run(term.Operation, result, term.Operand);
            traces.Add(trace);
            result = trace.Result;
            exact = term.Operation.Exact(exact, term.Operand);
        }
        return new Calculation(expression, result, exact, traces);
    }

    /// <summary>One operation through its network, recording every step.</summary>
    public Trace Run(Operation operation, BigInteger a, BigInteger b)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!_networks.TryGetValue(operation, out var network))
        {
            throw new ExpressionException($"no network for {operation.Name}");
        }
        var steps = Math.Max(TwosComplement.Width(a), TwosComplement.Width(b)) + 1;
        var exact = operation.Exact(a, b);
        var sequence = new BitSequence(steps);
        sequence.SetLength(steps);
        TwosComplement.Encode(a, sequence.A);
        TwosComplement.Encode(b, sequence.B);
        TwosComplement.Encode(exact, sequence.Target);
        var run = network.NewUnrolling(steps);
        ExactKernels.Forward(network, sequence, run);

        var emitted = new byte[steps];
        var trace = new BitStep[steps];
        var state = 0;
        for (var t = 0; t < steps; t++)
        {
            emitted[t] = run.EmittedBit(t);
            (_, state) = operation.Transition(sequence.A[t], sequence.B[t], state);
            trace[t] = new BitStep(t, sequence.A[t], sequence.B[t], run.Outputs[t], emitted[t], sequence.Target[t], (byte)state, run.HiddenAfter(t).ToArray());
        }
        return new Trace(operation, a, b, TwosComplement.Decode(emitted), exact, trace);
    }
}
