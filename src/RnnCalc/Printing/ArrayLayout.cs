using System.Text;

namespace RnnCalc.Printing;

/// <summary>
/// numpy's _formatArray (the &gt;1.13 layout) with linewidth 75, edgeitems 3 and separator ' ': nested brackets,
/// line wrapping with a hanging indent per nesting level, and '...' where a summarised axis is cut.
/// </summary>
internal sealed class ArrayLayout
{
    private const int LineWidth = 75;
    private const int EdgeItems = 3;
    private const string Separator = " ";
    private const string SummaryInsert = "...";

    private readonly int[] _shape;
    private readonly bool _summarise;

    /// <param name="shape">Axis lengths of a row-major array, none of them zero.</param>
    /// <param name="summarise">Whether axes longer than twice the edge items are cut (numpy: size &gt; threshold).</param>
    public ArrayLayout(int[] shape, bool summarise)
    {
        _shape = shape;
        _summarise = summarise;
    }

    /// <summary>Row-major flat indices of the elements printed: all, or each axis's leading and trailing edges.</summary>
    public IReadOnlyList<int> ShownIndices()
    {
        List<int> flat = [0];
        foreach (var length in _shape)
        {
            int[] indices = IsCut(length)
                ? [.. Enumerable.Range(0, EdgeItems), .. Enumerable.Range(length - EdgeItems, EdgeItems)]
                : [.. Enumerable.Range(0, length)];
            flat = [.. flat.SelectMany(offset => indices.Select(i => (offset * length) + i))];
        }
        return flat;
    }

    /// <summary>The whole array, each element at a flat index given by <paramref name="element"/>.</summary>
    public string Render(Func<int, string> element) => Recurse(element, 0, 0, " ", LineWidth);

    private bool IsCut(int length) => _summarise && length > 2 * EdgeItems;

    private string Recurse(Func<int, string> element, int axis, int offset, string hangingIndent, int width)
    {
        var nextHangingIndent = hangingIndent + " ";
        // The closing ']' of this level takes one column from every nested level.
        var nextWidth = width - 1;
        var length = _shape[axis];
        var stride = 1;
        for (var a = axis + 1; a < _shape.Length; a++)
        {
            stride *= _shape[a];
        }
        var showSummary = IsCut(length);
        var leading = showSummary ? EdgeItems : 0;
        var trailing = showSummary ? EdgeItems : length;
        var text = new StringBuilder();

        if (axis == _shape.Length - 1)
        {
            // Room for the separator or ']' that follows each element.
            var elementWidth = width - Math.Max(Separator.TrimEnd().Length, 1);
            var line = hangingIndent;
            for (var i = 0; i < leading; i++)
            {
                line = ExtendLine(text, line, element(offset + i), elementWidth, hangingIndent) + Separator;
            }
            if (showSummary)
            {
                line = ExtendLine(text, line, SummaryInsert, elementWidth, hangingIndent) + Separator;
            }
            for (var i = length - trailing; i < length - 1; i++)
            {
                line = ExtendLine(text, line, element(offset + i), elementWidth, hangingIndent) + Separator;
            }
            line = ExtendLine(text, line, element(offset + length - 1), elementWidth, hangingIndent);
            text.Append(line);
        }
        else
        {
            // Blank lines between blocks grow with the number of axes left below this one.
            var lineSeparator = Separator.TrimEnd() + new string('\n', _shape.Length - axis - 1);
            for (var i = 0; i < leading; i++)
            {
                AppendBlock(text, hangingIndent, Recurse(element, axis + 1, offset + (i * stride), nextHangingIndent, nextWidth), lineSeparator);
            }
            if (showSummary)
            {
                AppendBlock(text, hangingIndent, SummaryInsert, lineSeparator);
            }
            for (var i = length - trailing; i < length - 1; i++)
            {
                AppendBlock(text, hangingIndent, Recurse(element, axis + 1, offset + (i * stride), nextHangingIndent, nextWidth), lineSeparator);
            }
            AppendBlock(text, hangingIndent, Recurse(element, axis + 1, offset + ((length - 1) * stride), nextHangingIndent, nextWidth), string.Empty);
        }

        // The hanging indent stood in for the '[' while measuring the first line.
        return "[" + text.ToString(hangingIndent.Length, text.Length - hangingIndent.Length) + "]";
    }

    private static void AppendBlock(StringBuilder text, string indent, string block, string lineSeparator) =>
        text.Append(indent).Append(block).Append(lineSeparator);

    /// <summary>numpy's _extendLine: wrap before a word that would pass the width, unless the line holds only indent.</summary>
    private static string ExtendLine(StringBuilder text, string line, string word, int width, string nextLinePrefix)
    {
        if (line.Length + word.Length > width && line.Length > nextLinePrefix.Length)
        {
            text.Append(line.TrimEnd()).Append('\n');
            line = nextLinePrefix;
        }
        return line + word;
    }
}
