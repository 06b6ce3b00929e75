using System.Security.Cryptography;
using RnnCalc.Persistence;
using RnnCalc.Training;
using RnnCalc.Verification;

namespace RnnCalc.Cli;

/// <summary>
/// <c>verify</c>'s verdict on a network, remembered per model content (SHA-256 of the model file as RnnCalc writes
/// it) under $XDG_CACHE_HOME/rnncalc/verify (else ~/.cache/rnncalc/verify), so <c>calc</c> proves each network once.
/// A cache that cannot be read or written is skipped: the verdict is then computed each time.
/// </summary>
internal static class ProofCache
{
    public static (bool Proven, string Reason) Verdict(TrainedModel model, CancellationToken cancellation)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(ModelFile.Serialize(model)));
        var path = Folder() is { } folder ? Path.Combine(folder, hash + ".txt") : null;
        if (path is not null && TryRead(path) is { } cached)
        {
            return cached;
        }
        var result = Verifier.Verify(model.Network, model.Config.Operation, VerifyOptions.Default, cancellation);
        var verdict = (result.Proven, result.Reason.ReplaceLineEndings(" "));
        if (path is not null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.WriteAllText(path, $"{(verdict.Proven ? "proven" : "not proven")}\n{verdict.Item2}\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutputFileException)
            {
                // No cache then: the verdict is still right, only not remembered.
            }
        }
        return verdict;
    }

    private static string? Folder()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache) || !Path.IsPathRooted(cache))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }
            cache = Path.Combine(home, ".cache");
        }
        return Path.Combine(cache, "rnncalc", "verify");
    }

    private static (bool Proven, string Reason)? TryRead(string path)
    {
        try
        {
            var lines = File.ReadAllLines(path);
            return lines.Length >= 2 && lines[0] is "proven" or "not proven" ? (lines[0] == "proven", lines[1]) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
