using RnnCalc.Persistence;

namespace RnnCalc.Pictures;

/// <summary>
/// How a report recognises its own files: it lists every file it writes in <c>rnncalc-report.txt</c> beside them.
/// A later report overwrites the files listed there, and refuses (unless forced) any other file of the same name:
/// that one is the user's.
/// </summary>
internal static class ReportManifest
{
    public const string FileName = "rnncalc-report.txt";

    private const string Header = "# Files written by rnncalc report. A later report overwrites these, and no other file.";

    /// <summary>The files of <paramref name="names"/> that exist in <paramref name="directory"/> and that no report wrote, in order.</summary>
    public static IReadOnlyList<string> Foreign(string directory, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(names);
        var ours = Read(directory);
        var foreign = new List<string>();
        if (ours is null && File.Exists(Path.Combine(directory, FileName)))
        {
            foreign.Add(FileName);
        }
        foreign.AddRange(names.Where(name => (ours is null || !ours.Contains(name)) && Path.Exists(Path.Combine(directory, name))));
        return foreign;
    }

    /// <summary>Records <paramref name="names"/> as written by a report, besides those already recorded.</summary>
    public static void Write(string directory, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(names);
        var all = new SortedSet<string>(Read(directory) ?? [], StringComparer.Ordinal);
        all.UnionWith(names);
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), Header + "\n" + string.Join("\n", all) + "\n");
    }

    /// <summary>The names a report recorded, or null when there is no manifest or the file of that name is not one.</summary>
    private static HashSet<string>? Read(string directory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(directory, FileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (lines.Length == 0 || lines[0] != Header)
        {
            return null;
        }
        return [.. lines.Skip(1).Where(line => line.Length > 0)];
    }
}
