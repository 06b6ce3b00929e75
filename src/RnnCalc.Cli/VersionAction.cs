using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace RnnCalc.Cli;

/// <summary><c>rnncalc --version</c>: the version and the commit it was built from, short (<c>0.1.0 (2c86cfb)</c>).</summary>
internal sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine(Text(typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"));
        return ExitCode.Success;
    }

    /// <summary>"0.1.0+2c86cfb5b988…" (the SDK's informational version) as "0.1.0 (2c86cfb)"; without a commit, the version alone.</summary>
    public static string Text(string informationalVersion)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return informationalVersion;
        }
        var commit = informationalVersion[(plus + 1)..];
        return $"{informationalVersion[..plus]} ({commit[..Math.Min(7, commit.Length)]})";
    }
}
