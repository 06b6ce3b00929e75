using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RnnCalc.Arithmetic;
using RnnCalc.Persistence;
using RnnCalc.Tests.Docs;

namespace RnnCalc.Tests.Package;

/// <summary>
/// "Use it from C#": the example the READMEs show is docs/examples/UseFromCSharp, and it compiles and runs against the
/// library as packed, the way a user gets it, so it cannot rot.
/// </summary>
public partial class UseFromCSharpTests
{
    private const string Example = "docs/examples/UseFromCSharp";

    public static TheoryData<string> Readmes => ["README.md", "README.zh-CN.md", "docs/package-readme.md"];

    [Theory]
    [MemberData(nameof(Readmes))]
    public void TheReadmeShowsTheExampleFileAsItIs(string readme)
    {
        var root = MarkdownLinks.RepositoryRoot();
        var program = File.ReadAllText(Path.Combine(root, Example, "Program.cs")).ReplaceLineEndings("\n");
        var blocks = CSharpBlock().Matches(File.ReadAllText(Path.Combine(root, readme)).ReplaceLineEndings("\n"))
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.True(blocks.Contains(program), $"{readme} has no ```csharp block equal to {Example}/Program.cs ({blocks.Count} csharp blocks)");
    }

    [Fact]
    public void TheExampleReferencesTheLibrarysVersion()
    {
        var root = MarkdownLinks.RepositoryRoot();
        Assert.Equal(LibraryVersion(root), ExampleReference(root).Attribute("Version")?.Value);
    }

    /// <summary>
    /// Packs the already built library (no build, no restore), builds the example against the package from a folder
    /// of its own (dependencies come from the machine's package folder, nothing is downloaded), runs it, and checks
    /// what it prints and saves against the library under test.
    /// </summary>
    [Fact]
    public void TheExampleBuildsAgainstThePackedLibraryAndPrintsTheNetworksAnswer()
    {
        var root = MarkdownLinks.RepositoryRoot();
        var version = LibraryVersion(root);
        using var temp = new TempDirectory();
        var feed = Directory.CreateDirectory(temp.File("feed")).FullName;
        var app = Directory.CreateDirectory(temp.File("app")).FullName;
        var configuration = typeof(UseFromCSharpTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

        Dotnet(root, "pack", Path.Combine(root, "src/RnnCalc/RnnCalc.csproj"), "--no-build", "-c", configuration, "-o", feed, "-nodeReuse:false", "-m:1",
            $"-p:NuspecOutputPath={temp.File("nuspec")}");
        var package = Path.Combine(feed, $"RnnCalc.{version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("lib/net10.0/RnnCalc.dll", entries);
            Assert.Contains("lib/net10.0/RnnCalc.xml", entries);
            Assert.Contains("README.md", entries);
        }

        foreach (var file in new[] { "Program.cs", "UseFromCSharp.csproj" })
        {
            File.Copy(Path.Combine(root, Example, file), Path.Combine(app, file));
        }
        // The package from the feed into a packages folder of this test's own (so no stale copy is ever used); the
        // rest from the machine's, read in place.
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "rnncalc"), new XAttribute("value", feed))),
            new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", machinePackages)))))
            .Save(Path.Combine(app, "NuGet.config"));
        Dotnet(app, "build", "-c", "Release", "-nodeReuse:false", "-m:1", $"-p:RestorePackagesPath={temp.File("packages")}");

        var output = Dotnet(app, Path.Combine(app, "bin/Release/net10.0/UseFromCSharp.dll"));

        var calculator = new Calculator(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork> { [Operation.Subtract] = DefaultModels.Subtract.Network });
        var expected = calculator.Calculate(Expression.Parse("200 - 57", maxBits: 64));
        Assert.Equal($"200 - 57 = {expected.Result} (exact: {expected.Exact})\n", output);
        Assert.Equal(DefaultModels.Subtract.Network.Weights, ModelFile.Load(Path.Combine(app, "subtract.json")).Network.Weights);
    }

    private static string LibraryVersion(string root) =>
        XDocument.Load(Path.Combine(root, "src/RnnCalc/RnnCalc.csproj")).Descendants("Version").Single().Value;

    private static XElement ExampleReference(string root) =>
        XDocument.Load(Path.Combine(root, Example, "UseFromCSharp.csproj")).Descendants("PackageReference")
            .Single(r => r.Attribute("Include")?.Value == "RnnCalc");

    /// <summary>Runs dotnet in <paramref name="folder"/> and returns its stdout; a failure shows everything it printed.</summary>
    private static string Dotnet(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Not the test host's MSBuild: the nested build finds its own, as on a user's machine.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}\n{error.Result}");
        return output.ReplaceLineEndings("\n");
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
