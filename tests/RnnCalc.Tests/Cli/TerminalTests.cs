using RnnCalc.Cli.Console;
using Spectre.Console;

namespace RnnCalc.Tests.Cli;

public class TerminalTests
{
    [Theory]
    [InlineData(true, false, ColorSystemSupport.Detect)]
    [InlineData(true, true, ColorSystemSupport.NoColors)]
    [InlineData(false, false, ColorSystemSupport.NoColors)]
    public void ColourOnlyOnATerminalWithoutNoColor(bool interactive, bool noColor, ColorSystemSupport expected) =>
        Assert.Equal(expected, Terminal.Colours(interactive, noColor));

    [Fact]
    public void NoColorTurnsColourOffEvenOnATerminal()
    {
        using var output = new StringWriter();
        var plain = new Terminal(output, TextWriter.Null, interactive: true, noColor: true);
        Assert.Equal(ColorSystem.NoColors, plain.Ansi.Profile.Capabilities.ColorSystem);
        plain.Ansi.MarkupLine("[red]wrong[/]");
        Assert.DoesNotContain("\u001b[", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectedOutputHasNoEscapeCodes()
    {
        var run = CliRun.Of("calc", "200 - 57", "--trace");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal);
        Assert.Contains("borrow", run.Output, StringComparison.Ordinal);
    }
}
