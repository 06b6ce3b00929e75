using System.Text;
using RnnCalc.Persistence;
using RnnCalc.Tests.Cli;

namespace RnnCalc.Tests.Reliability;

/// <summary>
/// Every bad input gets exit code 2 and one line on stderr naming the problem — no stack trace, nothing on
/// stdout, nothing written.
/// </summary>
public sealed class BadInputMatrixTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string, string> Usage => new()
    {
        { "trian", "'trian' is not an rnncalc command. Did you mean 'train'?" },
        { "frobnicate", "'frobnicate' is not an rnncalc command." },
        { "calcc 1+1", "Did you mean 'calc'?" },
        { "train --hiden 4", "Did you mean '--hidden'?" },
        { "train --frobnicate", "Unrecognized command or argument '--frobnicate'" },
        { "train --hidden 0", "--hidden must be from 1 to 4096 (got 0)" },
        { "train --hidden 100000", "--hidden must be from 1 to 4096 (got 100000)" },
        { "train --iterations -1", "--iterations must be from 0" },
        { "train --learning-rate NaN", "--learning-rate must be a number above 0" },
        { "train --learning-rate -0.5", "--learning-rate must be a number above 0" },
        { "train --learning-rate Infinity", "--learning-rate must be a number above 0" },
        { "train --bits 0", "--bits must be from 1 to 30 (got 0)" },
        { "train --bits 10000", "--bits must be from 1 to 30 (got 10000)" },
        { "train --bits 16 --until-solved", "check every pair, which needs --bits 12 or less (got 16)" },
        { "train --seed 4294967296", "--seed must be from 0 to 4294967295" },
        { "train --print-every 0", "--print-every must be from 1" },
        { "train --batch 0", "--batch must be from 1" },
        { "train --clip -1", "--clip must be a number above 0" },
        { "train --op multiply", "multiply" },
        { "train --range half", "half" },
        { "train --format xml", "--format must be one of: pretty, reference, json (got 'xml')" },
        { "train --seed", "--seed" },
        { "sweep --seeds 5..1", "--seeds 5..1: the range is empty" },
        { "sweep --hidden 4,x", "--hidden expects a whole number (got 'x')" },
        { "calc 1+1 2+2", "unexpected '2' at position 5" },
        { "calc --trace-run 0 1+1", "--trace-run must be from 1" },
        { "calc --trace-run 1", "--trace-run needs an expression on the command line" },
        { "calc --tarce 1+1", "Did you mean '--trace'?" },
        { "calc 127 + 127 --max-bits 8", "the result of '+' at position 5 needs 9 bits, more than --max-bits 8" },
        { "calc 200 - 57 --max-bits 8", "the number at position 1 needs 9 bits, more than --max-bits 8" },
        { "calc --max-bits 0 1+1", "--max-bits must be from 1" },
        { "eval --samples -3", "--samples must be from 0" },
    };

    public static TheoryData<string, string> Expressions => new()
    {
        { "5 -", "ends where a number or '(' was expected" },
        { "1e9", "unexpected 'e' at position 2" },
        { "12abc", "unexpected 'a' at position 3" },
        { "", "the expression is empty" },
        { " \t ", "the expression is empty" },
        { "0x10 + 1", "unexpected 'x' at position 2" },
        { "1,000 - 1", "unexpected ',' at position 2" },
        { "1 - 2 =", "unexpected '=' at position 7" },
        { "1\n- 2\u0000", "unexpected 'U+0000'" },
        { "2 ** 3", "unexpected '**' at position 3; there is no power operator" },
        { "5 / ", "the expression ends where a number or '(' was expected" },
        { "(1 + 2", "the expression ends where ')' was expected, to close the '(' at position 1" },
        { "1 + 2)", "unexpected ')' at position 6; no '(' before it is open" },
        { "5 // 2", "unexpected '//' at position 3; / already truncates toward zero" },
        { "1e3 * 2", "unexpected 'e' at position 2; expected an operator (+ - * / %) or the end" },
        { "7 / (3 - 3)", "division by zero: the divisor at position 5 is 0" },
        { "7 % 0", "remainder by zero: the divisor at position 5 is 0" },
        { "_ + 1", "unexpected '_' at position 1" },
    };

    [Fact]
    public void NoCommandListsTheCommands() => AssertRefused(CliRun.Of(), "no command given; try one of: train, ");

    [Theory]
    [MemberData(nameof(Usage))]
    public void BadUsage(string args, string expected) => AssertRefused(CliRun.Of(args.Split(' ')), expected);

    [Theory]
    [MemberData(nameof(Expressions))]
    public void MalformedExpressions(string expression, string expected)
    {
        AssertRefused(CliRun.Of("calc", expression), expected);
        // Unquoted, as a shell passes it, the words are joined: the same error.
        if (expression.Trim().Length > 0 && !expression.Contains('\n', StringComparison.Ordinal))
        {
            AssertRefused(CliRun.Of(["calc", .. expression.Split(' ', StringSplitOptions.RemoveEmptyEntries)]), expected);
        }
    }

    [Fact]
    public void MegabytesLongExpressions()
    {
        AssertRefused(CliRun.Of("calc", new string('1', 3_000_000)), "at most 100,000 are accepted");
        AssertRefused(CliRun.Of("calc", string.Concat(Enumerable.Repeat("1 + ", 30_000)) + "1"), "at most 100,000 are accepted");
        AssertRefused(CliRun.Of("calc", new string('9', 5000) + " - 1"), "more than --max-bits 8192");
        AssertRefused(CliRun.Of("calc", "1+" + new string('1', 99_999)), "the expression is 100,001 characters long; at most 100,000 are accepted");
    }

    [Fact]
    public void OperandsWiderThanMaxBits() => AssertRefused(CliRun.Of("calc", "--max-bits", "16", "65536 - 1"), "needs 18 bits, more than --max-bits 16");

    public static TheoryData<string, string> BrokenModels => new()
    {
        { "missing", "does not exist" },
        { "directory", "is a directory; give a model file" },
        { "empty", "the file is empty" },
        { "truncated", "not valid JSON" },
        { "not-json", "not a network file rnncalc knows" },
        { "wrong-format", "format is 'rnncalc-certificate', expected 'rnncalc-model'" },
        { "wrong-version", "version 7 is not supported" },
        { "wrong-shape", "weights.recurrent[3] has 15 values, expected 16" },
        { "nan-weight", "not valid JSON" },
        { "string-weight", "weights.output[0][0] should be a number, not a string" },
        { "infinite-weight", "weights.input[0][0] is not a finite number" },
        { "duplicate-key", "not valid JSON" },
        { "huge-hidden", "'hidden' is 100000, expected a whole number from 1 to 4096" },
    };

    [Theory]
    [MemberData(nameof(BrokenModels))]
    public void BrokenModelFiles(string kind, string expected)
    {
        var path = BrokenModel(kind);
        AssertRefused(CliRun.Of("eval", "--model", path, "--samples", "1"), expected);
        AssertRefused(CliRun.Of("calc", "--model", path, "7 - 5"), expected);
    }

    public static TheoryData<string, string> UnwritablePaths => new()
    {
        { "missing-dir", "does not exist" },
        { "is-dir", "it is a directory" },
        { "sys", "cannot write" },
        { "empty", "an output path is empty" },
    };

    [Theory]
    [MemberData(nameof(UnwritablePaths))]
    public void OutputPathsThatCannotBeWritten(string kind, string expected)
    {
        var path = kind switch
        {
            "missing-dir" => _dir.File("no/such/dir/model.json"),
            "is-dir" => _dir.Path,
            "sys" => "/sys/rnncalc-cannot-write.json",
            _ => " ",
        };
        foreach (var option in new[] { "--save", "--checkpoint", "--history" })
        {
            AssertRefused(CliRun.Of("train", "--iterations", "5", option, path), expected);
        }
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    public void Dispose() => _dir.Dispose();

    private static void AssertRefused(CliRun run, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        var line = run.ErrorLine;
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    private string BrokenModel(string kind)
    {
        var path = _dir.File(kind + ".json");
        var valid = Encoding.UTF8.GetString(ModelFile.Serialize(DefaultModels.Subtract));
        var firstWeight = DefaultModels.Subtract.Network.Input[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var outputWeight = DefaultModels.Subtract.Network.Output[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        string? text = kind switch
        {
            "missing" => null,
            "directory" => null,
            "empty" => string.Empty,
            "truncated" => valid[..(valid.Length / 2)],
            "not-json" => "this is not a model",
            "wrong-format" => valid.Replace("\"rnncalc-model\"", "\"rnncalc-certificate\"", StringComparison.Ordinal),
            "wrong-version" => valid.Replace("\"version\": 2", "\"version\": 7", StringComparison.Ordinal),
            "wrong-shape" => RemoveLastRecurrentValue(valid),
            "nan-weight" => valid.Replace(firstWeight, "NaN", StringComparison.Ordinal),
            "string-weight" => valid.Replace(outputWeight, "\"0.5\"", StringComparison.Ordinal),
            "infinite-weight" => valid.Replace(firstWeight, "1e999", StringComparison.Ordinal),
            "duplicate-key" => valid.Replace("\"version\": 2,", "\"version\": 2, \"version\": 2,", StringComparison.Ordinal),
            "huge-hidden" => valid.Replace("\"hidden\": 16", "\"hidden\": 100000", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (kind == "directory")
        {
            Directory.CreateDirectory(path);
        }
        else if (text is not null)
        {
            Assert.NotEqual(valid, text);
            File.WriteAllText(path, text);
        }
        return path;
    }

    private static string RemoveLastRecurrentValue(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var row = doc.RootElement.GetProperty("weights").GetProperty("recurrent")[3];
        var values = row.EnumerateArray().Select(v => v.GetRawText()).ToList();
        var original = row.GetRawText();
        var shorter = "[" + string.Join(",", values.Take(values.Count - 1)) + "]";
        var start = json.IndexOf(original, StringComparison.Ordinal);
        return json[..start] + shorter + json[(start + original.Length)..];
    }
}
