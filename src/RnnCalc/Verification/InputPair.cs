namespace RnnCalc.Verification;

/// <summary>The four inputs a step can read, numbered 0..3 as (a, b) = (0,0), (0,1), (1,0), (1,1).</summary>
internal static class InputPair
{
    public const int Count = 4;

    public static int A(int pair) => pair >> 1;

    public static int B(int pair) => pair & 1;

    public static int Of(int a, int b) => (a << 1) | b;

    /// <summary>"ab", e.g. "01" for a = 0, b = 1.</summary>
    public static string Label(int pair) => pair switch
    {
        0 => "00",
        1 => "01",
        2 => "10",
        _ => "11",
    };

    /// <summary>An input as its pairs, first step first ("01 00 11"), the start elided past <paramref name="maxPairs"/>.</summary>
    public static string Format(IReadOnlyList<int> word, int maxPairs = 16)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Count == 0)
        {
            return "the start";
        }
        var shown = word.Skip(Math.Max(0, word.Count - maxPairs)).Select(Label);
        return (word.Count > maxPairs ? "… " : string.Empty) + string.Join(' ', shown);
    }
}
