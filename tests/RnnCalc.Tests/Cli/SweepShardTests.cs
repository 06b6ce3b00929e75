using System.Text.Json;
using System.Text.Json.Nodes;
using RnnCalc.Tests.Reliability;

namespace RnnCalc.Tests.Cli;

public class SweepShardTests
{
    private static readonly string[] Tiny = ["sweep", "--seeds", "0..6", "--bits", "3", "--hidden", "3,6", "--check-every", "50", "--iterations", "1500", "--prove", "false"];

    [Fact]
    public async Task FourShardsInTheirOwnProcessesMergeIntoTheWholeSweep()
    {
        using var dir = new TempDirectory();
        var processes = Enumerable.Range(0, 4).Select(k => new CliProcess([.. Tiny, "--shard", $"{k}/4", "--format", "json"])).ToList();
        var parts = new List<string>();
        for (var k = 0; k < 4; k++)
        {
            using var process = processes[k];
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"shard {k} did not finish");
            Assert.True(process.ExitCode == 0, $"shard {k} exited {process.ExitCode}: {await process.Error}");
            parts.Add(dir.File($"part{k}.json"));
            await File.WriteAllTextAsync(parts[k], await process.Output);
        }
        parts.Reverse(); // any order

        var whole = CliRun.Of([.. Tiny, "--format", "json"]);
        var merged = CliRun.Of(["sweep", "merge", .. parts, "--format", "json"]);
        Assert.Equal(0, merged.ExitCode);
        Assert.Equal(WithoutWallTime(whole.Output), WithoutWallTime(merged.Output));

        var wholeCsv = CliRun.Of([.. Tiny, "--format", "csv"]).Output;
        var mergedCsv = CliRun.Of(["sweep", "merge", .. parts, "--format", "csv"]).Output;
        Assert.Equal(CsvWithoutWallTime(wholeCsv), CsvWithoutWallTime(mergedCsv));
    }

    [Fact]
    public void EachRunIsInExactlyOneShardRoundRobin()
    {
        var shards = Enumerable.Range(0, 3).Select(k => JsonNode.Parse(CliRun.Of([.. Tiny, "--shard", $"{k}/3", "--format", "json"]).Output)!).ToList();
        // 2 configurations × 7 seeds: run r = config × 7 + seed index, in shard r mod 3.
        for (var k = 0; k < 3; k++)
        {
            var rows = shards[k]["rows"]!.AsArray();
            for (var c = 0; c < 2; c++)
            {
                var seeds = rows[c]!["results"]!.AsArray().Select(r => (int)r!["seed"]!).ToArray();
                Assert.Equal(Enumerable.Range(0, 7).Where(s => ((c * 7) + s) % 3 == k), seeds);
                Assert.Equal(seeds.Length, (int)rows[c]!["runs"]!);
            }
        }
    }

    [Fact]
    public void PartsWrittenBeforeUndecidedWasCountedMergeAsNoneUndecided()
    {
        using var dir = new TempDirectory();
        string[] proving = ["sweep", "--seeds", "0..2", "--bits", "3", "--hidden", "3,6", "--check-every", "50", "--iterations", "1500"];
        var paths = new List<string>();
        for (var k = 0; k < 2; k++)
        {
            var part = JsonNode.Parse(CliRun.Of([.. proving, "--shard", $"{k}/2", "--format", "json"]).Output)!;
            foreach (var row in part["rows"]!.AsArray())
            {
                Assert.NotNull(row!["undecided"]);
                row.AsObject().Remove("undecided");
                foreach (var result in row["results"]!.AsArray())
                {
                    Assert.True(result!.AsObject().Remove("undecided"));
                }
            }
            paths.Add(dir.File($"old{k}.json"));
            File.WriteAllText(paths[k], part.ToJsonString());
        }
        var merged = CliRun.Of(["sweep", "merge", .. paths, "--format", "json"]);
        Assert.Equal(0, merged.ExitCode);
        var rows = JsonNode.Parse(merged.Output)!["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal(0, (int)row!["undecided"]!));
    }

    [Fact]
    public void MergeRefusesMissingDuplicateForeignAndWholeParts()
    {
        using var dir = new TempDirectory();
        string Part(string name, params string[] args)
        {
            var path = dir.File(name);
            File.WriteAllText(path, CliRun.Of([.. Tiny, .. args, "--format", "json"]).Output);
            return path;
        }
        var p0 = Part("p0.json", "--shard", "0/2");
        var p1 = Part("p1.json", "--shard", "1/2");
        var other = Part("other.json", "--shard", "1/2", "--learning-rate", "2");
        var thirds = Part("thirds.json", "--shard", "1/3");
        var whole = Part("whole.json");

        Assert.Equal("rnncalc: error: shard 1/2 is missing", Refused(p0));
        Assert.Equal($"rnncalc: error: shard 0/2 is given twice: '{p0}' and '{p0}'", Refused(p0, p0, p1));
        Assert.Equal($"rnncalc: error: '{other}' is from a different sweep than '{p0}': their settings or seeds differ", Refused(p0, other));
        Assert.Equal($"rnncalc: error: '{thirds}' is shard 1/3 and '{p0}' shard 0/2: the sweep was cut into different numbers of shards", Refused(p0, thirds));
        Assert.Equal($"rnncalc: error: '{whole}' is not a sweep shard's JSON (make shards with sweep --shard K/N --format json)", Refused(p0, whole));
        Assert.StartsWith("rnncalc: error: cannot read sweep shard", Refused(p0, dir.File("absent.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4/4", "--shard K/N needs N from 1 to 1,000,000 and K from 0 to N-1 (got 4/4)")]
    [InlineData("1", "--shard expects K/N, shard K of N counted from 0 (got '1')")]
    [InlineData("-1/2", "--shard expects K/N, shard K of N counted from 0 (got '-1/2')")]
    public void BadShardsExitTwoWithOneLine(string shard, string expected)
    {
        var run = CliRun.Of([.. Tiny, "--shard", shard]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorLine, StringComparison.Ordinal);
    }

    private static string Refused(params string[] parts)
    {
        var run = CliRun.Of(["sweep", "merge", .. parts]);
        Assert.Equal(2, run.ExitCode);
        return run.ErrorLine;
    }

    /// <summary>The JSON with every wallSeconds removed: the one number a merge cannot reproduce.</summary>
    private static string WithoutWallTime(string json)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var row in root["rows"]!.AsArray())
        {
            Assert.True(row!.AsObject().Remove("wallSeconds"));
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static string[] CsvWithoutWallTime(string csv) =>
        [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[..line.LastIndexOf(',')])];
}
