using System.Globalization;
using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// An integer expression: <c>+ - * / %</c> (<c>×</c> and <c>÷</c> too), parentheses and unary minus, <c>* / %</c> above
/// <c>+ -</c>, left to right within a level. <c>/</c> truncates toward zero and <c>%</c> takes the dividend's sign.
/// A sign may stand before a number or a parenthesis, also after an operator (<c>2 - -3</c>, <c>2--3</c> and
/// <c>2 -- 3</c> are all 2 − (−3)); nothing else (exponents, decimals, letters, <c>**</c>, <c>//</c>) is accepted.
/// Parsing also computes the exact value (for the <c>exact</c> field) so that every operand and every result is
/// checked against the width limit, and every divisor against zero, before any network runs.
/// </summary>
public sealed class Expression
{
    /// <summary>Longer input is refused before parsing: no sensible calculation needs it.</summary>
    public const int MaxLength = 100_000;

    /// <summary>Parentheses nested deeper than this are refused (the parser recurses once per level).</summary>
    public const int MaxNesting = 1_000;

    private Expression(string text, IReadOnlyList<PostfixItem> postfix, BigInteger exact, int widestBits)
    {
        Text = text;
        Postfix = postfix;
        Exact = exact;
        WidestBits = widestBits;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The expression in postfix order (operands before their operator), evaluation order.</summary>
    internal IReadOnlyList<PostfixItem> Postfix { get; }

    /// <summary>The exact value (BigInteger arithmetic), shown beside the network's answer.</summary>
    public BigInteger Exact { get; }

    /// <summary>The widest exact operand or intermediate result, in bits (two's complement, sign included).</summary>
    public int WidestBits { get; }

    /// <summary>The operators in evaluation order.</summary>
    public IEnumerable<BinaryOperator> Operators => Postfix.Where(p => p.Operator is not null).Select(p => p.Operator!);

    /// <summary>The networks the expression needs, in first-use order.</summary>
    public IEnumerable<Operation> Operations => Operators.Select(o => o.Network).Distinct();

    /// <summary>
    /// Parses; an operand or exact intermediate result wider than <paramref name="maxBits"/> (two's complement,
    /// sign included) and a zero divisor are refused with the position they come from. With <paramref name="last"/>,
    /// <c>_</c> stands for it (the previous answer at calc's prompt).
    /// </summary>
    public static Expression Parse(string text, int maxBits, BigInteger? last = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new ExpressionException($"the expression is {text.Length:N0} characters long; at most {MaxLength:N0} are accepted");
        }
        var parser = new Parser(text, maxBits, last);
        parser.SkipSpace();
        if (parser.AtEnd)
        {
            throw new ExpressionException("the expression is empty; write integers and + - * / % ( ), e.g. \"200 - 57\" or \"12 * (3 + 4)\"");
        }
        parser.Sum(0);
        if (!parser.AtEnd)
        {
            throw parser.Current == ')'
                ? new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"unexpected ')' at position {parser.Position + 1}; no '(' before it is open"))
                : parser.Unexpected("an operator (+ - * / %) or the end");
        }
        return new Expression(text, parser.Items, parser.Values.Pop().Value, parser.WidestBits);
    }

    /// <summary>The expression as written (<see cref="Text"/>).</summary>
    public override string ToString() => Text;

    /// <summary>Recursive descent, emitting postfix items and their exact values as it goes.</summary>
    private sealed class Parser(string text, int maxBits, BigInteger? last)
    {
        public List<PostfixItem> Items { get; } = [];

        /// <summary>Exact values of the operands seen and not yet used, with where each starts.</summary>
        public Stack<(BigInteger Value, int Start)> Values { get; } = new();

        public int WidestBits { get; private set; } = 1;

        public int Position { get; private set; }

        public bool AtEnd => Position == text.Length;

        public char Current => text[Position];

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Current))
            {
                Position++;
            }
        }

        /// <summary>sum := product (('+' | '-') product)*</summary>
        public void Sum(int depth) => Level(1, depth);

        /// <summary>
        /// One precedence level, left to right: level 1 is sum (its operands products), level 2 product := unary
        /// (('*' | '/' | '%') unary)*.
        /// </summary>
        private void Level(int precedence, int depth)
        {
            Operand(precedence, depth);
            while (true)
            {
                SkipSpace();
                var op = AtEnd ? null : BinaryOperator.FromSymbol(Current);
                if (op is null || op.Precedence != precedence)
                {
                    return;
                }
                var at = Position++;
                if (!AtEnd && (op, Current) is ({ Symbol: '*' }, '*') or ({ Symbol: '/' }, '/'))
                {
                    throw new ExpressionException(op == BinaryOperator.Multiply
                        ? string.Create(CultureInfo.InvariantCulture, $"unexpected '**' at position {at + 1}; there is no power operator")
                        : string.Create(CultureInfo.InvariantCulture, $"unexpected '//' at position {at + 1}; / already truncates toward zero"));
                }
                Operand(precedence, depth);
                Emit(op, at);
            }
        }

        private void Operand(int precedence, int depth)
        {
            if (precedence == 1)
            {
                Level(2, depth);
            }
            else
            {
                Unary(depth);
            }
        }

        /// <summary>unary := ('-' | '+')* primary; a sign directly before digits belongs to the number.</summary>
        private void Unary(int depth)
        {
            SkipSpace();
            var start = Position;
            var negations = new List<int>();
            while (!AtEnd && Current is '-' or '+' or '−')
            {
                if (Current != '+')
                {
                    negations.Add(Position);
                }
                Position++;
                SkipSpace();
            }
            if (!AtEnd && Current == '(')
            {
                if (depth >= MaxNesting)
                {
                    throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"parentheses nested deeper than {MaxNesting:N0} at position {Position + 1}"));
                }
                var open = Position++;
                Sum(depth + 1);
                SkipSpace();
                if (AtEnd)
                {
                    throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"the expression ends where ')' was expected, to close the '(' at position {open + 1}"));
                }
                if (Current != ')')
                {
                    throw Unexpected("an operator or ')'");
                }
                Position++;
                var (inner, _) = Values.Pop();
                Values.Push((inner, start));
            }
            else
            {
                Number();
            }
            // Innermost sign first: -(-x) negates twice. Negation is sign handling, no network runs.
            for (var k = negations.Count - 1; k >= 0; k--)
            {
                var (value, valueStart) = Values.Pop();
                var number = Items[^1].Operator is null && !Items[^1].Negate;
                if (number)
                {
                    Items[^1] = PostfixItem.Number(-Items[^1].Value, Items[^1].Position);
                }
                else
                {
                    Items.Add(PostfixItem.Negation(negations[k]));
                }
                Values.Push((-value, valueStart));
                Check(-value, negations[k], number ? "the number" : "the negation");
            }
        }

        private void Number()
        {
            var start = Position;
            if (last is { } previous && !AtEnd && Current == '_')
            {
                Position++;
                Check(previous, start, "_");
                Items.Add(PostfixItem.Number(previous, start));
                Values.Push((previous, start));
                return;
            }
            while (!AtEnd && char.IsAsciiDigit(Current))
            {
                Position++;
            }
            if (Position == start)
            {
                throw Unexpected("a number or '('");
            }
            var digits = Position - start;
            // Each decimal digit adds at least 3.3 bits: refuse hopeless lengths before BigInteger parses them.
            if ((digits - 1) * 3.32 > maxBits)
            {
                throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"the number at position {start + 1} has {digits} digits, more than --max-bits {maxBits} allows"));
            }
            var value = BigInteger.Parse(text.AsSpan(start, digits), NumberStyles.None, CultureInfo.InvariantCulture);
            Check(value, start, "the number");
            Items.Add(PostfixItem.Number(value, start));
            Values.Push((value, start));
        }

        private void Emit(BinaryOperator op, int at)
        {
            var (b, bStart) = Values.Pop();
            var (a, aStart) = Values.Pop();
            if (op.Divides && b.IsZero)
            {
                throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"{(op == BinaryOperator.Divide ? "division" : "remainder")} by zero: the divisor at position {bStart + 1} is 0"));
            }
            var exact = op.Exact(a, b);
            Check(exact, at, $"the result of '{op.Symbol}'");
            Items.Add(PostfixItem.Apply(op, at));
            Values.Push((exact, aStart));
        }

        private void Check(BigInteger value, int position, string what)
        {
            var width = TwosComplement.Width(value);
            if (width > maxBits)
            {
                throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"{what} at position {position + 1} needs {width} bits, more than --max-bits {maxBits}"));
            }
            WidestBits = Math.Max(WidestBits, width);
        }

        public ExpressionException Unexpected(string expected)
        {
            if (AtEnd)
            {
                return new ExpressionException($"the expression ends where {expected} was expected");
            }
            var c = Current;
            var shown = char.IsWhiteSpace(c) ? "space" : char.IsControl(c) ? $"'U+{(int)c:X4}'" : $"'{c}'";
            return new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"unexpected {shown} at position {Position + 1}; expected {expected}"));
        }
    }
}
