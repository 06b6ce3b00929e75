using Spectre.Console;

namespace RnnCalc.Cli.Console;

/// <summary>
/// Where a command writes: stdout (results, and JSON only), stderr (notes and errors), and whether stdout is a
/// terminal (progress bars) or redirected (plain lines). Tests pass writers and get plain output.
/// </summary>
internal sealed class Terminal
{
    public Terminal(TextWriter output, TextWriter error, bool interactive, bool noColor, TextReader? input = null, bool inputInteractive = false)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Input = input ?? TextReader.Null;
        InputInteractive = inputInteractive;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Colours(interactive, noColor),
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            Ansi.Profile.Width = 120;
        }
    }

    /// <summary>The same terminal for <c>--quiet</c>: no progress and no notes, only results and errors.</summary>
    private Terminal(Terminal loud)
    {
        Output = loud.Output;
        Error = loud.Error;
        Interactive = loud.Interactive;
        Input = loud.Input;
        InputInteractive = loud.InputInteractive;
        Ansi = loud.Ansi;
        Quiet = true;
    }

    /// <summary>Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).</summary>
    public static ColorSystemSupport Colours(bool interactive, bool noColor) =>
        noColor || !interactive ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect;

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>True when stdout is a terminal: show live progress.</summary>
    public bool Interactive { get; }

    /// <summary>stdin (<c>calc</c> reads expressions from it); empty in tests unless given.</summary>
    public TextReader Input { get; }

    /// <summary>True when stdin is a terminal: <c>calc</c> prompts.</summary>
    public bool InputInteractive { get; }

    /// <summary>Spectre.Console over <see cref="Output"/>.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>True for <c>--quiet</c>: commands show no progress (bars, lines, rows) and <see cref="Note"/> writes nothing.</summary>
    public bool Quiet { get; }

    /// <summary>This terminal, quiet when <paramref name="quiet"/> (a command's <c>--quiet</c>).</summary>
    public Terminal Quieted(bool quiet) => quiet && !Quiet ? new Terminal(this) : this;

    public static Terminal FromProcess() => new(
        System.Console.Out,
        System.Console.Error,
        !System.Console.IsOutputRedirected,
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
        System.Console.In,
        !System.Console.IsInputRedirected);

    /// <summary>A one-line note for the user on stderr (never mixed into stdout, so JSON stays clean).</summary>
    public void Note(string message)
    {
        if (!Quiet)
        {
            Error.WriteLine($"rnncalc: {message}");
        }
    }
}
