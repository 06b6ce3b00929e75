namespace RnnCalc.Printing;

/// <summary>
/// numpy's FloatingFormat under the default print options (floatmode 'maxprec', precision 8, suppress off,
/// sign '-'): one notation and one field width for every element shown.
/// </summary>
internal sealed class FloatingFormat
{
    private const int Precision = 8;
    private const string NanText = "nan";
    private const string InfText = "inf";

    private readonly bool _scientific;
    private readonly int _padLeft;
    private readonly int _padRight;
    private readonly int _fractionDigits;
    private readonly int _exponentDigits;

    /// <param name="shown">The elements that will be printed (after summarisation); the layout depends only on them.</param>
    public FloatingFormat(IReadOnlyList<double> shown)
    {
        var finite = shown.Where(double.IsFinite).ToList();
        var nonZero = finite.Where(v => v != 0).Select(Math.Abs).ToList();
        if (nonZero.Count > 0)
        {
            var max = nonZero.Max();
            var min = nonZero.Min();
            _scientific = max >= 1e8 || min < 0.0001 || max / min > 1000.0;
        }

        if (finite.Count == 0)
        {
            _padLeft = 0;
            _padRight = 0;
        }
        else if (_scientific)
        {
            // A first unpadded pass finds the widest mantissa, fraction and exponent; all then share them.
            var texts = finite.Select(v => Dragon4.Scientific(v, Precision, -1, trimZeros: true, -1, -1)).ToList();
            foreach (var text in texts)
            {
                var e = text.IndexOf('e', StringComparison.Ordinal);
                var point = text.IndexOf('.', StringComparison.Ordinal);
                _padLeft = Math.Max(_padLeft, point);
                _fractionDigits = Math.Max(_fractionDigits, e - point - 1);
                _exponentDigits = Math.Max(_exponentDigits, text.Length - e - 2);
            }
            _padRight = _exponentDigits + 2 + _fractionDigits;
        }
        else
        {
            var texts = finite.Select(v => Dragon4.Positional(v, Precision, -1, trimZeros: true, -1, -1)).ToList();
            foreach (var text in texts)
            {
                var point = text.IndexOf('.', StringComparison.Ordinal);
                _padLeft = Math.Max(_padLeft, point);
                _padRight = Math.Max(_padRight, text.Length - point - 1);
            }
        }

        if (finite.Count != shown.Count)
        {
            // nan and inf are right-aligned in the same field, which they may widen on the left.
            var negativeInfinity = shown.Any(double.IsNegativeInfinity);
            var offset = _padRight + 1;
            _padLeft = Math.Max(_padLeft, Math.Max(NanText.Length - offset, InfText.Length + (negativeInfinity ? 1 : 0) - offset));
        }
    }

    public string Format(double x)
    {
        if (!double.IsFinite(x))
        {
            var text = double.IsNaN(x) ? NanText : double.IsNegative(x) ? "-" + InfText : InfText;
            return text.PadLeft(_padLeft + _padRight + 1);
        }
        return _scientific
            ? Dragon4.Scientific(x, _fractionDigits, _fractionDigits, trimZeros: false, _padLeft, _exponentDigits)
            : Dragon4.Positional(x, Precision, 0, trimZeros: true, _padLeft, _padRight);
    }
}
