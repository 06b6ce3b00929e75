using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using RnnCalc.Arithmetic;
using RnnCalc.Cli.Commands;
using RnnCalc.Cli.Console;
using RnnCalc.Persistence;

namespace RnnCalc.Cli;

/// <summary>
/// The rnncalc command line: builds the commands, parses, and turns every failure into one line on stderr
/// (<c>rnncalc: error: …</c>) with a distinct exit code. Tests run it in-process with their own writers.
/// </summary>
internal static class CliApp
{
    public static int Run(string[] args, Terminal terminal, CancellationToken cancellation = default)
    {
        return Invoke(Root(terminal, cancellation), args, terminal);
    }

    /// <summary>Every command, each writing to <paramref name="terminal"/>; <c>--help</c> shows the examples of <see cref="CommandExamples"/>.</summary>
    public static Command Root(Terminal terminal, CancellationToken cancellation = default)
    {
        // A named command rather than RootCommand, whose name would be the assembly's (RnnCalc.Cli), not the tool's.
        var root = new Command("rnncalc", "RnnCalc: a recurrent network that learns binary arithmetic, from the tutorial up.")
        {
            Options = { new HelpOption().WithExamples(), new VersionOption { Action = new VersionAction(terminal.Output) } },
        };
        root.Subcommands.Add(new TrainCommand().Build(terminal, cancellation));
        root.Subcommands.Add(new BenchCommand().Build(terminal, cancellation));
        root.Subcommands.Add(new VerifyCommand().Build(terminal, cancellation));
        root.Subcommands.Add(new CheckCommand().Build(terminal));
        root.Subcommands.Add(new CalcCommand().Build(terminal, cancellation));
        root.Subcommands.Add(new EvalCommand().Build(terminal));
        root.Subcommands.Add(new SweepCommand().Build(terminal, cancellation));
        root.Subcommands.Add(new ServeCommand().Build(terminal, cancellation));
        root.Subcommands.Add(new ReportCommand().Build(terminal, cancellation));
        root.Subcommands.Add(new ExportCommand().Build(terminal));
        return root;
    }

    private static int Invoke(Command root, string[] args, Terminal terminal)
    {
        string[] joined;
        try
        {
            joined = CalcCommand.JoinExpression(args);
        }
        catch (UsageException e)
        {
            terminal.Error.WriteLine($"rnncalc: error: {e.Message}");
            return ExitCode.BadInput;
        }
        var parse = root.Parse(joined);
        if (parse.Errors.Count > 0)
        {
            terminal.Error.WriteLine($"rnncalc: error: {Describe(parse.Errors[0], parse)}");
            return ExitCode.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = terminal.Output,
                Error = terminal.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (e is UsageException or ModelFileException or OutputFileException or ExpressionException)
        {
            terminal.Error.WriteLine($"rnncalc: error: {e.Message}");
            return ExitCode.BadInput;
        }
    }

    /// <summary>The parser's message, trimmed to one line, with a "did you mean" for a mistyped name.</summary>
    private static string Describe(ParseError error, ParseResult parse)
    {
        var message = error.Message.ReplaceLineEndings(" ").Trim();
        if (parse.CommandResult.Command is { Name: "rnncalc" } root && parse.Tokens.Count == 0)
        {
            return $"no command given; try one of: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (or --help)";
        }
        if (parse.UnmatchedTokens.Count == 0)
        {
            return message;
        }
        var unmatched = parse.UnmatchedTokens[0];
        if (parse.CommandResult.Command is { Name: "rnncalc" } && !unmatched.StartsWith('-'))
        {
            message = $"'{unmatched}' is not an rnncalc command.";
        }
        var command = parse.CommandResult.Command;
        var candidates = command.Subcommands.Select(c => c.Name)
            .Concat(command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Where(name => !name.StartsWith('-') || unmatched.StartsWith('-'));
        var suggestion = Spelling.Closest(unmatched, candidates);
        return suggestion is null ? message : $"{message} Did you mean '{suggestion}'?";
    }
}
