using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// One item of an expression in postfix order: a number, a negation (sign handling, no network), or an operator
/// applied to the two values before it. A list of these evaluates with a loop and a stack, so even 50,000 terms
/// or deep parentheses never recurse. <see cref="Position"/> (0-based) is where the item stands in the text.
/// </summary>
internal readonly record struct PostfixItem(BinaryOperator? Operator, BigInteger Value, bool Negate, int Position)
{
    public static PostfixItem Number(BigInteger value, int position) => new(null, value, false, position);

    public static PostfixItem Negation(int position) => new(null, BigInteger.Zero, true, position);

    public static PostfixItem Apply(BinaryOperator op, int position) => new(op, BigInteger.Zero, false, position);
}
