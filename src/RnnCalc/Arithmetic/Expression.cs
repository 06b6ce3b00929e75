using System.Globalization;
using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// Integers joined by + and −, evaluated left to right: <c>"-5 - 7 + 1000"</c>. A sign may stand directly before a
/// number (<c>"5 - -3"</c>), never twice (<c>"--3"</c>); nothing else (exponents, decimals, letters) is a number.
/// </summary>
public sealed record Expression(string Text, BigInteger First, IReadOnlyList<Term> Terms)
{
    /// <summary>Longer input is refused before parsing: no sensible calculation needs it.</summary>
    public const int MaxLength = 100_000;

    /// <summary>The operations the expression needs, in first-use order.</summary>
    public IEnumerable<Operation> Operations => Terms.Select(t => t.Operation).Distinct();

    /// <summary>Parses; operands wider than <paramref name="maxBits"/> (two's complement, sign included) are refused.</summary>
    public static Expression Parse(string text, int maxBits)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new ExpressionException($"the expression is {text.Length:N0} characters long; at most {MaxLength:N0} are accepted");
        }
        var position = 0;
        SkipSpace(text, ref position);
        if (position == text.Length)
        {
            throw new ExpressionException("the expression is empty; write integers joined by + and -, e.g. \"200 - 57\"");
        }
        var first = Number(text, ref position, maxBits);
        var terms = new List<Term>();
        while (true)
        {
            SkipSpace(text, ref position);
            if (position == text.Length)
            {
                break;
            }
            var symbol = text[position];
            var operation = symbol switch
            {
                '+' => Operation.Add,
                '-' => Operation.Subtract,
                _ => throw Unexpected(text, position, "+ or -"),
            };
            position++;
            SkipSpace(text, ref position);
            terms.Add(new Term(operation, Number(text, ref position, maxBits)));
        }
        return new Expression(text, first, terms);
    }

    private static BigInteger Number(string text, ref int position, int maxBits)
    {
        var start = position;
        var negative = false;
        if (position < text.Length && text[position] is '+' or '-')
        {
            negative = text[position] == '-';
            position++;
        }
        var digitsStart = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }
        if (position == digitsStart)
        {
            throw Unexpected(text, position, "a number");
        }
        if (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not ('+' or '-'))
        {
            throw Unexpected(text, position, "+, - or the end");
        }
        var digits = position - digitsStart;
        // Each decimal digit adds at least 3.3 bits: refuse hopeless lengths before BigInteger parses them.
        if ((digits - 1) * 3.32 > maxBits)
        {
            throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"the number at position {start + 1} has {digits} digits, more than --max-bits {maxBits} allows"));
        }
        var value = BigInteger.Parse(text.AsSpan(digitsStart, digits), NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
        {
            value = -value;
        }
        var width = TwosComplement.Width(value);
        if (width > maxBits)
        {
            throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"the number at position {start + 1} needs {width} bits, more than --max-bits {maxBits}"));
        }
        return value;
    }

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static ExpressionException Unexpected(string text, int position, string expected)
    {
        if (position >= text.Length)
        {
            return new ExpressionException($"the expression ends where {expected} was expected");
        }
        var c = text[position];
        var shown = char.IsWhiteSpace(c) ? "space" : char.IsControl(c) ? $"'U+{(int)c:X4}'" : $"'{c}'";
        return new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"unexpected {shown} at position {position + 1}; expected {expected}"));
    }
}
