using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// An arithmetic operation the network can learn bit by bit: its name and symbol, its exact result, and its
/// reference machine (a 2-state Mealy machine whose state is the borrow or the carry).
/// </summary>
public abstract class Operation
{
    /// <summary>Subtraction a − b; the hidden state carries the borrow (the tutorial's operation).</summary>
    public static readonly Operation Subtract = new Subtraction();

    /// <summary>Addition a + b; the hidden state carries the carry.</summary>
    public static readonly Operation Add = new Addition();

    /// <summary>Every operation a network can learn: subtract, add.</summary>
    public static IReadOnlyList<Operation> All { get; } = [Subtract, Add];

    /// <summary>The name used on the command line and in model files.</summary>
    public abstract string Name { get; }

    /// <summary>The operation's character in an expression: <c>-</c> or <c>+</c>.</summary>
    public abstract char Symbol { get; }

    /// <summary>What the state of the reference machine means (borrow or carry).</summary>
    public abstract string StateName { get; }

    /// <summary>The exact result for integers of any size.</summary>
    public abstract BigInteger Exact(BigInteger a, BigInteger b);

    /// <summary>The exact result at training widths, without BigInteger on the hot path; overflow throws.</summary>
    public abstract long ExactLong(long a, long b);

    /// <summary>One step of the reference machine: the result bit, and the next borrow or carry.</summary>
    public abstract (int Bit, int Next) Transition(int a, int b, int state);

    /// <summary>Finds an operation by its <see cref="Name"/> (<c>subtract</c>, <c>add</c>; ordinal, case-sensitive); false for anything else, null included.</summary>
    public static bool TryParse(string? name, out Operation operation)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                operation = candidate;
                return true;
            }
        }
        operation = Subtract;
        return false;
    }

    /// <summary>The operation's <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    private sealed class Subtraction : Operation
    {
        public override string Name => "subtract";

        public override char Symbol => '-';

        public override string StateName => "borrow";

        public override BigInteger Exact(BigInteger a, BigInteger b) => a - b;

        public override long ExactLong(long a, long b) => checked(a - b);

        public override (int Bit, int Next) Transition(int a, int b, int state) =>
            (a ^ b ^ state, (~a & b & 1) | (~(a ^ b) & state & 1));
    }

    private sealed class Addition : Operation
    {
        public override string Name => "add";

        public override char Symbol => '+';

        public override string StateName => "carry";

        public override BigInteger Exact(BigInteger a, BigInteger b) => a + b;

        public override long ExactLong(long a, long b) => checked(a + b);

        public override (int Bit, int Next) Transition(int a, int b, int state) =>
            (a ^ b ^ state, (a & b) | ((a ^ b) & state));
    }
}
