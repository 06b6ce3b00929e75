namespace RnnCalc.Tests.Docs;

/// <summary>
/// The walkthroughs and the Chinese README point into the code: a renamed file or symbol must fail here, not
/// leave the page pointing at nothing.
/// </summary>
public class WalkthroughTests
{
    public static TheoryData<string, int> Documents => new()
    {
        // document, the fewest symbol links it must have (so an empty or unlinked page does not pass)
        { "docs/walkthrough.md", 40 },
        { "docs/walkthrough.zh-CN.md", 40 },
        { "README.zh-CN.md", 0 },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryLinkedFileAndSymbolExists(string document, int fewestSymbols)
    {
        var root = MarkdownLinks.RepositoryRoot();
        var path = Path.Combine(root, document);
        var result = MarkdownLinks.Check(File.ReadAllText(path), Path.GetDirectoryName(path)!, root);
        Assert.True(result.Problems.Count == 0, $"{document}:\n{string.Join('\n', result.Problems)}");
        Assert.True(result.Links > 0, $"{document} links to nothing in the repository");
        Assert.True(result.Symbols >= fewestSymbols, $"{document} links {result.Symbols} symbols, expected at least {fewestSymbols}");
    }

    [Fact]
    public void TheCheckCatchesARenamedFileTypeOrMember()
    {
        var root = MarkdownLinks.RepositoryRoot();
        const string Broken = """
            Right: [`SigmoidCell.StepForward`](../src/RnnCalc/Network/Cells/SigmoidCell.cs) and [README](../README.md#two-commands).
            A member renamed: [`SigmoidCell.StepForwards`](../src/RnnCalc/Network/Cells/SigmoidCell.cs).
            A type renamed: [`SigmoidCel.Backward`](../src/RnnCalc/Network/Cells/SigmoidCell.cs).
            A file renamed: [the cell](../src/RnnCalc/Network/Cells/SigmoidCells.cs).
            Not a symbol: [`Backward()`](../src/RnnCalc/Network/Cells/SigmoidCell.cs).
            Outside: [elsewhere](../../outside.md). A web link is not followed: [numpy](https://numpy.org/missing).
            ```
            [in a code block](../nowhere.cs)
            ```
            """;

        var result = MarkdownLinks.Check(Broken, Path.Combine(root, "docs"), root);

        Assert.Equal(7, result.Links);
        Assert.Collection(
            result.Problems,
            p => Assert.Contains("StepForwards does not appear in SigmoidCell.cs", p, StringComparison.Ordinal),
            p => Assert.Contains("no type SigmoidCel is declared in SigmoidCell.cs", p, StringComparison.Ordinal),
            p => Assert.Contains("SigmoidCells.cs does not exist", p, StringComparison.Ordinal),
            p => Assert.Contains("is not a symbol", p, StringComparison.Ordinal),
            p => Assert.Contains("leads outside the repository", p, StringComparison.Ordinal));
    }
}
