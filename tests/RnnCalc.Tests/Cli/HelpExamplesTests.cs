using RnnCalc.Cli;
using RnnCalc.Cli.Commands;
using RnnCalc.Cli.Console;

namespace RnnCalc.Tests.Cli;

/// <summary>The examples <c>--help</c> shows for the commonest commands: shown, and every one a valid command line.</summary>
public class HelpExamplesTests
{
    public static TheoryData<string> Commands => ["calc", "train", "verify", "eval", "sweep"];

    [Theory]
    [MemberData(nameof(Commands))]
    public void HelpEndsWithTheCommandsExamples(string command)
    {
        var run = CliRun.Of(command, "--help");
        Assert.Equal(0, run.ExitCode);
        var examples = CommandExamples.ByCommand[command];
        Assert.True(examples.Count >= 2, $"{command} shows {examples.Count} example(s)");
        var help = run.Output.ReplaceLineEndings("\n");
        var section = help[help.IndexOf("\nExamples:\n", StringComparison.Ordinal)..];
        Assert.True(section.IndexOf("Options:", StringComparison.Ordinal) < 0, "the examples come after the options");
        foreach (var (commandLine, meaning) in examples)
        {
            Assert.Contains($"  # {meaning}\n  {commandLine}\n", section, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryExampleParsesAsItsCommandWithoutError(string command)
    {
        var root = CliApp.Root(new Terminal(TextWriter.Null, TextWriter.Null, interactive: false, noColor: true));
        foreach (var (commandLine, _) in CommandExamples.ByCommand[command])
        {
            var words = Words(commandLine);
            Assert.Equal("rnncalc", words[0]);
            var parse = root.Parse(CalcCommand.JoinExpression([.. words.Skip(1)]));
            Assert.True(parse.Errors.Count == 0, $"{commandLine}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Equal(command, parse.CommandResult.Command.Name);
        }
    }

    [Fact]
    public void TheParseCheckCatchesAMistypedExample()
    {
        var root = CliApp.Root(new Terminal(TextWriter.Null, TextWriter.Null, interactive: false, noColor: true));
        Assert.NotEmpty(root.Parse(CalcCommand.JoinExpression([.. Words("train --until-solve")])).Errors);
        Assert.NotEmpty(root.Parse(CalcCommand.JoinExpression([.. Words("sweep --seeds zero")])).Errors);
    }

    /// <summary>Splits a command line as a POSIX shell does for these examples: spaces, and double quotes around words.</summary>
    private static List<string> Words(string commandLine)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in commandLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }
        Assert.False(quoted, $"unbalanced quotes in {commandLine}");
        if (any)
        {
            words.Add(word.ToString());
        }
        return words;
    }
}
