using System.CommandLine;
using RnnCalc.Checker;
using RnnCalc.Cli.Console;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// <c>rnncalc check FILE</c>: re-checks a certificate written by <c>verify --certificate</c> with the independent
/// checker (RnnCalc.Checker, which shares no code with the verifier). Exit 0 accepted, 1 an obligation fails, 2 unreadable.
/// </summary>
internal sealed class CheckCommand
{
    private readonly Argument<string> _file = new("FILE") { Description = "A certificate written by 'rnncalc verify --certificate'" };

    public Command Build(Terminal terminal)
    {
        var command = new Command("check", "Re-check a proof certificate with the independent checker");
        command.Arguments.Add(_file);
        command.SetAction(parse => Run(parse.GetValue(_file)!, terminal));
        return command;
    }

    private static int Run(string path, Terminal terminal)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read certificate '{path}': {e.Message}");
        }
        var result = CertificateChecker.Check(bytes);
        switch (result.ExitCode)
        {
            case ExitCode.Success:
                terminal.Output.WriteLine($"Accepted: every obligation holds ({result.Regions:N0} regions, {result.Transitions:N0} transitions).");
                if (result.WeightRadius > 0)
                {
                    terminal.Output.WriteLine($"  and for every network whose weights are each within {result.WeightRadius:G3} of the model's.");
                }
                break;
            case ExitCode.CheckFailed:
                terminal.Output.WriteLine($"Rejected: {result.Message}");
                break;
            default:
                throw new UsageException($"certificate '{path}': {result.Message}");
        }
        return result.ExitCode;
    }
}
