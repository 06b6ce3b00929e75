using RnnCalc.Persistence;

namespace RnnCalc.Cli;

/// <summary>Checks an output path before long work starts, so a typo costs nothing.</summary>
internal static class OutputPath
{
    public static void CheckWritable(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException("an output path is empty");
        }
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new OutputFileException($"cannot write '{path}': it is a directory");
        }
        var directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new OutputFileException($"cannot write '{path}': directory '{directory}' does not exist");
        }
        // Probe with a real file: permission bits alone do not tell (root, ACLs, read-only mounts).
        var probe = Path.Combine(directory, $".rnncalc-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe))
            {
            }
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputFileException.CannotCreateIn(path, directory, probe, e);
        }
    }
}
