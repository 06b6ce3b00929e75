using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// A binary operator of an expression: its symbol, its precedence, the networks it runs on (+ and * on the add
/// network, − / and % on the subtract network) and its exact result. / truncates toward zero and % takes the
/// dividend's sign, as C#, <see cref="BigInteger.DivRem(BigInteger, BigInteger)"/> and bc do.
/// </summary>
public sealed class BinaryOperator
{
    /// <summary><c>+</c>: addition, run on the add network.</summary>
    public static readonly BinaryOperator Add = new("add", '+', 1, Operation.Add, (a, b) => a + b);

    /// <summary><c>-</c>: subtraction, run on the subtract network.</summary>
    public static readonly BinaryOperator Subtract = new("subtract", '-', 1, Operation.Subtract, (a, b) => a - b);

    /// <summary><c>*</c>: multiplication, long multiplication made of additions on the add network.</summary>
    public static readonly BinaryOperator Multiply = new("multiply", '*', 2, Operation.Add, (a, b) => a * b);

    /// <summary><c>/</c>: division truncated toward zero (as <see cref="BigInteger.Divide"/>), long division made of subtractions on the subtract network.</summary>
    public static readonly BinaryOperator Divide = new("divide", '/', 2, Operation.Subtract, BigInteger.Divide);

    /// <summary><c>%</c>: the remainder of <see cref="Divide"/> (sign of the dividend), from the same long division.</summary>
    public static readonly BinaryOperator Remainder = new("remainder", '%', 2, Operation.Subtract, BigInteger.Remainder);

    private readonly Func<BigInteger, BigInteger, BigInteger> _exact;

    private BinaryOperator(string name, char symbol, int precedence, Operation network, Func<BigInteger, BigInteger, BigInteger> exact)
    {
        Name = name;
        Symbol = symbol;
        Precedence = precedence;
        Network = network;
        _exact = exact;
    }

    /// <summary>The five operators an expression may use, in the order above.</summary>
    public static IReadOnlyList<BinaryOperator> All { get; } = [Add, Subtract, Multiply, Divide, Remainder];

    /// <summary>The name in JSON and traces: add, subtract, multiply, divide, remainder.</summary>
    public string Name { get; }

    /// <summary>The character written in an expression: <c>+</c>, <c>-</c>, <c>*</c>, <c>/</c> or <c>%</c>.</summary>
    public char Symbol { get; }

    /// <summary>Higher binds tighter: * / % (2) above + − (1).</summary>
    public int Precedence { get; }

    /// <summary>The network every step of this operator runs on (division needs only subtraction: the divisor's multiples are shifts and differences of shifts).</summary>
    public Operation Network { get; }

    /// <summary>True for / and %, which refuse a zero divisor.</summary>
    public bool Divides => this == Divide || this == Remainder;

    /// <summary>The exact result, for the <c>exact</c> field only; never used for the network's answer.</summary>
    public BigInteger Exact(BigInteger a, BigInteger b) => _exact(a, b);

    /// <summary>The operator a symbol stands for (× and ÷ as * and /), or null.</summary>
    public static BinaryOperator? FromSymbol(char symbol) => symbol switch
    {
        '+' => Add,
        '-' or '−' => Subtract,
        '*' or '×' => Multiply,
        '/' or '÷' => Divide,
        '%' => Remainder,
        _ => null,
    };

    /// <summary>The operator's name, e.g. <c>multiply</c>.</summary>
    public override string ToString() => Name;
}
