using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// The examples <c>--help</c> shows for the commonest commands, after the options: one table, so a test can parse every
/// example line and the help can never show a command line that fails.
/// </summary>
internal static class CommandExamples
{
    public static IReadOnlyDictionary<string, IReadOnlyList<(string CommandLine, string Meaning)>> ByCommand { get; } =
        new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal)
        {
            ["calc"] =
            [
                ("rnncalc calc 200 - 57", "the network's answer and the exact one (143)"),
                ("rnncalc calc \"12 * (3 + 4)\" --trace", "every network run of the calculation and every bit of each + and -"),
                ("rnncalc calc --model s.json 200 - 57", "with a network of your own (from train --save s.json)"),
            ],
            ["train"] =
            [
                ("rnncalc train", "the tutorial's run: 8-bit subtraction, seed 0, 10,000 updates"),
                ("rnncalc train --format reference", "print exactly what the tutorial's numpy script prints"),
                ("rnncalc train --op add --until-solved --save add.json", "learn to add; stop once every 8-bit pair is right"),
                ("rnncalc train --quiet --save s.json", "for scripts: no progress, only the summary"),
            ],
            ["verify"] =
            [
                ("rnncalc verify", "prove the default network right for every length, or find where it is wrong"),
                ("rnncalc verify --model s.json --svg machine.svg", "your network, and a picture of its borrow machine"),
                ("rnncalc verify --model s.json --quiet", "for scripts: only the result; exit code 0 only when proven"),
            ],
            ["eval"] =
            [
                ("rnncalc eval", "the default network: every 8-bit pair, then random pairs up to 1024 bits"),
                ("rnncalc eval --model s.json --format json", "your network, as one JSON object"),
            ],
            ["sweep"] =
            [
                ("rnncalc sweep --seeds 0..19", "how reliably the tutorial's recipe solves, over 20 seeds"),
                ("rnncalc sweep --seeds 0..9 --hidden 8,16 --learning-rate 0.9,2 --format csv", "compare recipes (every combination), as CSV"),
            ],
        };

    /// <summary>Makes <paramref name="help"/> write its usual text, then the command's examples if it has any.</summary>
    public static HelpOption WithExamples(this HelpOption help)
    {
        ArgumentNullException.ThrowIfNull(help);
        if (help.Action is HelpAction usual)
        {
            help.Action = new ExamplesHelpAction(usual);
        }
        return help;
    }

    /// <summary>Each example as a shell comment saying what it does, then the line itself, ready to paste.</summary>
    public static void Write(TextWriter output, IReadOnlyList<(string CommandLine, string Meaning)> examples)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(examples);
        output.WriteLine("Examples:");
        foreach (var (commandLine, meaning) in examples)
        {
            output.WriteLine($"  # {meaning}");
            output.WriteLine($"  {commandLine}");
        }
        output.WriteLine();
    }

    private sealed class ExamplesHelpAction(HelpAction usual) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => usual.ClearsParseErrors;

        public override int Invoke(ParseResult parseResult)
        {
            var exit = usual.Invoke(parseResult);
            if (ByCommand.TryGetValue(parseResult.CommandResult.Command.Name, out var examples))
            {
                Write(parseResult.InvocationConfiguration.Output, examples);
            }
            return exit;
        }
    }
}
