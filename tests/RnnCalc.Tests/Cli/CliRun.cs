using RnnCalc.Cli;
using RnnCalc.Cli.Console;

namespace RnnCalc.Tests.Cli;

/// <summary>Runs rnncalc in-process with captured, redirected (non-terminal) output.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args) => WithInput(null, args);

    /// <summary>Runs with <paramref name="input"/> as stdin (redirected, not a terminal).</summary>
    public static CliRun WithInput(string? input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input ?? string.Empty);
        var exit = CliApp.Run(args, new Terminal(output, error, interactive: false, noColor: true, reader));
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>The single error line, asserting there is exactly one and that it has the documented prefix.</summary>
    public string ErrorLine
    {
        get
        {
            var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("rnncalc: error: ", lines[0], StringComparison.Ordinal);
            return lines[0];
        }
    }
}
