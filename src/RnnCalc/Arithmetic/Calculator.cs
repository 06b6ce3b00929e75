using System.Numerics;
using RnnCalc.Network;

namespace RnnCalc.Arithmetic;

/// <summary>
/// Does arithmetic with trained networks. + and − are one run each at the width the operands need (two's
/// complement, W bits including the sign) for W+1 steps, the last on the sign extension so the network emits the
/// final borrow or carry; * is <see cref="LongMultiplication"/> on the add network, / and % are
/// <see cref="LongDivision"/> on the subtract network. Each result feeds the next operator as the networks computed it.
/// </summary>
public sealed class Calculator
{
    private readonly IReadOnlyDictionary<Operation, RecurrentNetwork> _networks;

    /// <summary>A calculator on the given networks, one per operation (<see cref="Operation.Subtract"/>, <see cref="Operation.Add"/>); an expression that needs an operation missing from the dictionary throws <see cref="ExpressionException"/> when calculated. Throws <see cref="ArgumentNullException"/> for a null dictionary.</summary>
    public Calculator(IReadOnlyDictionary<Operation, RecurrentNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        _networks = networks;
    }

    /// <summary>Evaluates in the expression's postfix order; limits and zero divisors were checked when it was parsed.</summary>
    public Calculation Calculate(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var unit = new NetworkArithmetic(_networks);
        var values = new Stack<BigInteger>();
        var steps = new List<CalcStep>();
        foreach (var item in expression.Postfix)
        {
            if (item.Operator is not { } op)
            {
                values.Push(item.Negate ? -values.Pop() : item.Value);
                continue;
            }
            var b = values.Pop();
            var a = values.Pop();
            var first = unit.Runs.Count;
            var result = Apply(unit, op, a, b);
            // A divisor the networks got wrong can be 0; the exact divisor never is (parsing refused it).
            var exact = op.Divides && b.IsZero ? result + 1 : op.Exact(a, b);
            steps.Add(new CalcStep(op, a, b, result, exact, item.Position, [.. unit.Runs.Skip(first)]));
            values.Push(result);
        }
        return new Calculation(expression, values.Pop(), expression.Exact, steps, unit.Runs);
    }

    private static BigInteger Apply(NetworkArithmetic unit, BinaryOperator op, BigInteger a, BigInteger b)
    {
        if (op == BinaryOperator.Add)
        {
            return unit.Add([(a, b)])[0];
        }
        if (op == BinaryOperator.Subtract)
        {
            return unit.Subtract([(a, b)])[0];
        }
        if (op == BinaryOperator.Multiply)
        {
            return LongMultiplication.Multiply(unit, a, b);
        }
        if (b.IsZero)
        {
            // Only after a wrong network: nothing to divide by, so the quotient is 0 and the remainder the dividend.
            return op == BinaryOperator.Divide ? BigInteger.Zero : a;
        }
        var (quotient, remainder) = LongDivision.DivRem(unit, a, b);
        return op == BinaryOperator.Divide ? quotient : remainder;
    }

    /// <summary>One operation through its network, recording every step.</summary>
    public Trace Run(Operation operation, BigInteger a, BigInteger b)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!_networks.TryGetValue(operation, out var network))
        {
            throw new ExpressionException($"no network for {operation.Name}");
        }
        var sequence = NetworkArithmetic.Encode(a, b, operation);
        var steps = sequence.Length;
        var emitted = new byte[steps];
        var run = NetworkPass.Run(network, [sequence], [emitted], keepStates: true)!;
        var trace = new BitStep[steps];
        var state = 0;
        for (var t = 0; t < steps; t++)
        {
            (_, state) = operation.Transition(sequence.A[t], sequence.B[t], state);
            trace[t] = new BitStep(t, sequence.A[t], sequence.B[t], run.Outputs[t], emitted[t], sequence.Target[t], (byte)state, run.HiddenAfter(t).ToArray())
            {
                CellState = run.StateSize > network.Hidden ? run.StateAfter(t)[network.Hidden..].ToArray() : null,
            };
        }
        return new Trace(operation, a, b, TwosComplement.Decode(emitted), operation.Exact(a, b), trace);
    }

    /// <summary>A run of a calculation again, bit by bit (the same bits: both ways of running are exact).</summary>
    public Trace Trace(NetworkRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Run(run.Operation, run.A, run.B);
    }
}
