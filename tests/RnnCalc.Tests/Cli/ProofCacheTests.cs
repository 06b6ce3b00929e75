using RnnCalc.Cli;

namespace RnnCalc.Tests.Cli;

/// <summary>Alone, after the parallel tests: it points XDG_CACHE_HOME, which is the whole process's, at its own folder.</summary>
[CollectionDefinition(nameof(CacheFolderTestsRunAlone), DisableParallelization = true)]
public sealed class CacheFolderTestsRunAlone;

/// <summary>calc proves each network once: the verdict is kept per model content under the cache folder and read back.</summary>
[Collection(nameof(CacheFolderTestsRunAlone))]
public sealed class ProofCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string? _saved = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");

    public ProofCacheTests() => Environment.SetEnvironmentVariable("XDG_CACHE_HOME", _dir.Path);

    [Fact]
    public void TheVerdictIsWrittenOnceAndReadBackForTheSameModel()
    {
        var (proven, reason) = ProofCache.Verdict(DefaultModels.Subtract, CancellationToken.None);
        Assert.True(proven, reason);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(_dir.Path, "rnncalc", "verify")));
        Assert.Equal(64, Path.GetFileNameWithoutExtension(file).Length);
        Assert.StartsWith("proven\n", File.ReadAllText(file), StringComparison.Ordinal);

        // What the cache says is what calc believes: a changed verdict file is read back as it stands.
        File.WriteAllText(file, "not proven\nedited by the test\n");
        Assert.Equal((false, "edited by the test"), ProofCache.Verdict(DefaultModels.Subtract, CancellationToken.None));

        // Another network has other content, so its own entry.
        Assert.True(ProofCache.Verdict(DefaultModels.Add, CancellationToken.None).Proven);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_dir.Path, "rnncalc", "verify")).Length);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", _saved);
        _dir.Dispose();
    }
}
