using System.Globalization;
using System.Text;

namespace RnnCalc.Persistence.Interop;

/// <summary>
/// The header of a .npy array: the Python dict literal <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 16), }</c>,
/// parsed as exactly that — three keys, a string, a boolean and a tuple of whole numbers — and nothing else of Python.
/// </summary>
internal sealed record NpyHeader(int ItemSize, IReadOnlyList<int> Shape)
{
    public static NpyHeader Parse(string text, string name)
    {
        var reader = new Reader(text, name);
        string? descr = null;
        bool? fortranOrder = null;
        List<int>? shape = null;
        reader.Expect('{');
        while (!reader.TryTake('}'))
        {
            var key = reader.String();
            reader.Expect(':');
            switch (key)
            {
                case "descr" when descr is null:
                    descr = reader.DType();
                    break;
                case "fortran_order" when fortranOrder is null:
                    fortranOrder = reader.Boolean();
                    break;
                case "shape" when shape is null:
                    shape = reader.Shape();
                    break;
                default:
                    throw reader.Error($"its header has the key '{key}' twice or one numpy does not write (expected descr, fortran_order, shape)");
            }
            if (!reader.TryTake(','))
            {
                reader.Expect('}');
                break;
            }
        }
        if (descr is null || fortranOrder is null || shape is null)
        {
            throw reader.Error("its header lacks descr, fortran_order or shape");
        }
        if (fortranOrder.Value)
        {
            throw reader.Error("is stored in Fortran order; save it in C order (np.ascontiguousarray)");
        }
        var itemSize = descr switch
        {
            "<f8" => 8,
            "<f4" => 4,
            "|O" or "O" or "<O" or ">O" => throw reader.Error("is an object array (pickled Python objects), which rnncalc never unpickles; save float64 or float32 numbers"),
            _ => throw reader.Error($"has dtype '{descr}'; rnncalc reads little-endian float64 or float32 ('<f8' or '<f4')"),
        };
        return new NpyHeader(itemSize, shape);
    }

    /// <summary>A tiny scanner for the one dict literal numpy writes.</summary>
    private sealed class Reader(string text, string name)
    {
        private int _at;

        public ModelFileException Error(string message) => new($"{name} {message}");

        public bool TryTake(char c)
        {
            SkipSpace();
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }
            return false;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error($"has a header that is not numpy's dict (expected '{c}' at character {_at + 1})");
            }
        }

        public string String()
        {
            SkipSpace();
            if (_at >= text.Length || text[_at] is not ('\'' or '"'))
            {
                throw Error($"has a header that is not numpy's dict (expected a quoted name at character {_at + 1})");
            }
            var quote = text[_at++];
            var value = new StringBuilder();
            while (_at < text.Length && text[_at] != quote)
            {
                if (text[_at] == '\\' || value.Length > 64)
                {
                    throw Error("has a header with a string numpy does not write");
                }
                value.Append(text[_at++]);
            }
            Expect(quote);
            return value.ToString();
        }

        /// <summary>A dtype string; a list here is a structured dtype, which no weight tensor is.</summary>
        public string DType()
        {
            SkipSpace();
            if (_at < text.Length && text[_at] == '[')
            {
                throw Error("has a structured dtype (a list of fields); rnncalc reads plain float64 or float32 arrays");
            }
            return String();
        }

        public bool Boolean()
        {
            SkipSpace();
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _at, word, 0, word.Length) == 0)
                {
                    _at += word.Length;
                    return value;
                }
            }
            throw Error($"has a header whose fortran_order is not True or False");
        }

        public List<int> Shape()
        {
            Expect('(');
            var shape = new List<int>();
            while (!TryTake(')'))
            {
                SkipSpace();
                var start = _at;
                while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                {
                    _at++;
                }
                if (_at == start || shape.Count >= 32)
                {
                    throw Error("has a header whose shape is not a tuple of whole numbers");
                }
                if (!int.TryParse(text.AsSpan(start, _at - start), NumberStyles.None, CultureInfo.InvariantCulture, out var dimension))
                {
                    throw Error($"declares a dimension of {text[start.._at]}, more than any network tensor has");
                }
                shape.Add(dimension);
                if (!TryTake(','))
                {
                    Expect(')');
                    break;
                }
            }
            return shape;
        }

        private void SkipSpace()
        {
            while (_at < text.Length && text[_at] is ' ' or '\n' or '\t' or '\r')
            {
                _at++;
            }
        }
    }
}
