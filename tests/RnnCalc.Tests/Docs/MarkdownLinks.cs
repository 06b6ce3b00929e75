using System.Text.RegularExpressions;

namespace RnnCalc.Tests.Docs;

/// <summary>
/// Checks the links of a Markdown document against the repository: every relative link target exists (inside the
/// repository), and every link whose text is a symbol in backticks, <c>[`Type.Member`](path.cs)</c>, names a type
/// declared in that file and members that appear in it. Fenced code blocks are not read; web links are not followed.
/// </summary>
internal static partial class MarkdownLinks
{
    /// <summary>What one document's check found: how many links and symbols it checked, and each problem in a line.</summary>
    public sealed record Result(int Links, int Symbols, IReadOnlyList<string> Problems);

    /// <summary>The folder holding RnnCalc.slnx, walking up from the test's base directory.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RnnCalc.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no RnnCalc.slnx above {AppContext.BaseDirectory}");
    }

    public static Result Check(string markdown, string documentFolder, string root)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var rootPrefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var problems = new List<string>();
        int links = 0, symbols = 0;
        foreach (var (lineNumber, line) in ProseLines(markdown))
        {
            foreach (Match link in Link().Matches(line))
            {
                var text = link.Groups["text"].Value;
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal) || target.StartsWith('#'))
                {
                    continue;
                }
                links++;
                var where = $"line {lineNumber}: [{text}]({target})";
                var relative = Uri.UnescapeDataString(target.Split('#', '?')[0]);
                var path = Path.GetFullPath(Path.Combine(documentFolder, relative));
                if (!path.StartsWith(rootPrefix, StringComparison.Ordinal))
                {
                    problems.Add($"{where}: leads outside the repository");
                    continue;
                }
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    problems.Add($"{where}: {Path.GetRelativePath(root, path)} does not exist");
                    continue;
                }
                if (!path.EndsWith(".cs", StringComparison.Ordinal) || !text.StartsWith('`'))
                {
                    continue;
                }
                symbols++;
                var symbol = Symbol().Match(text);
                if (!symbol.Success)
                {
                    problems.Add($"{where}: the text is not a symbol written as `Type` or `Type.Member`");
                    continue;
                }
                var source = File.ReadAllText(path);
                var parts = symbol.Groups["symbol"].Value.Split('.');
                if (!Regex.IsMatch(source, $@"\b(?:class|struct|interface|enum|record)\s+{parts[0]}\b"))
                {
                    problems.Add($"{where}: no type {parts[0]} is declared in {Path.GetFileName(path)}");
                }
                foreach (var member in parts.Skip(1))
                {
                    if (!Regex.IsMatch(source, $@"\b{member}\b"))
                    {
                        problems.Add($"{where}: {member} does not appear in {Path.GetFileName(path)}");
                    }
                }
            }
        }
        return new Result(links, symbols, problems);
    }

    /// <summary>The document's lines outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Number, string Line)> ProseLines(string markdown)
    {
        var inCode = false;
        var number = 0;
        foreach (var line in markdown.Split('\n'))
        {
            number++;
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }
            if (!inCode)
            {
                yield return (number, line);
            }
        }
    }

    // [text](target) or ![alt](target), with an optional "title"; the text holds no brackets.
    [GeneratedRegex("""\[(?<text>[^\[\]]*)\]\((?<target>[^)\s]+)(?:\s+"[^"]*")?\)""")]
    private static partial Regex Link();

    [GeneratedRegex(@"^`(?<symbol>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)`$")]
    private static partial Regex Symbol();
}
