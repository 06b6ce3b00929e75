using System.IO.Compression;
using System.Text;
using RnnCalc.Tests.Cli;

namespace RnnCalc.Tests.Reliability;

/// <summary>
/// Foreign network files that cannot be used — a damaged zip, wrong shapes, NaN, unknown names, huge declared
/// sizes, a zip bomb, object arrays — each get exit code 2 and one line saying what is wrong, and nothing is
/// allocated beyond what a real network needs.
/// </summary>
public sealed class BadNetworkFileTests : IDisposable
{
    private static readonly string Interop = Path.Combine("Fixtures", "Interop");
    private readonly TempDirectory _dir = new();

    public static TheoryData<string, string> BadFiles => new()
    {
        { "truncated-zip", "the .npz is not a readable zip archive (truncated or damaged" },
        { "wrong-shape", "weight_h has shape (5, 4), expected (5, 5) for a sigmoid network of 5 hidden units" },
        { "wrong-gates", "rnn.weight_hh_l0 has shape (10, 5): for 5 hidden units that is not 1, 3 or 4 gate blocks" },
        { "nan", "weight_1[2, 0] is NaN; every weight must be a finite number" },
        { "unknown-key", "'bias' is not one of the tutorial's names (weight_0, weight_1, weight_h)" },
        { "no-known-key", "has none of the names rnncalc knows" },
        { "missing-key", "'weight_h' is missing" },
        { "huge-shape", "weight_h declares shape (100000, 100000), more than the 67,108,864 numbers of any tensor" },
        { "huge-entry", "weight_h declares 4,294,967,280 bytes uncompressed, more than the 536,936,459" },
        { "zip-bomb", "weight_h inflates beyond the (5, 5) array its header declares (a zip bomb?)" },
        { "object-array", "weight_h is an object array (pickled Python objects), which rnncalc never unpickles" },
        { "big-endian", "weight_h has dtype '>f8'; rnncalc reads little-endian float64 or float32" },
        { "fortran-order", "weight_h is stored in Fortran order" },
        { "structured", "weight_h has a structured dtype" },
        { "truncated-npy", "weight_h is truncated: its shape (5, 5) needs 200 bytes of values, the file has 80" },
        { "bad-magic", "weight_h is not a numpy .npy array" },
        { "npy-version", "weight_h is .npy version 4.0" },
        { "single-npy", "this is a single .npy array; save the network's arrays together with np.savez" },
        { "printed-nan", "weight_h[0, 1] is NaN" },
        { "printed-two", "the text holds 2 printed two-dimensional arrays" },
        { "printed-summary", "the printed weight_h is summarised with '...'" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadNetworkFilesAreRefusedInOneLine(string kind, string expected)
    {
        var path = Make(kind);
        foreach (var run in new[] { CliRun.Of("eval", "--model", path, "--samples", "0"), CliRun.Of("verify", "--model", path) })
        {
            Assert.Equal(2, run.ExitCode);
            var line = run.ErrorLine;
            Assert.StartsWith($"rnncalc: error: model file '{path}': ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Output);
        }
    }

    [Fact]
    public void InitialHiddenWithoutAModelIsRefused()
    {
        var run = CliRun.Of("eval", "--initial-hidden", "0.5");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--initial-hidden is for a --model file that does not record h0", run.ErrorLine, StringComparison.Ordinal);
    }

    private string Make(string kind)
    {
        var path = _dir.File(kind + (kind.StartsWith("printed", StringComparison.Ordinal) ? ".txt" : ".npz"));
        var good = Npy("<f8", "(5, 5)", 25);
        switch (kind)
        {
            case "truncated-zip":
                var bytes = File.ReadAllBytes(Path.Combine(Interop, "tutorial-f8.npz"));
                File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
                break;
            case "wrong-shape":
                Zip(path, ("weight_0", Npy("<f8", "(2, 5)", 10)), ("weight_1", Npy("<f8", "(5, 1)", 5)), ("weight_h", Npy("<f8", "(5, 4)", 20)));
                break;
            case "wrong-gates":
                Zip(path, ("rnn.weight_ih_l0", Npy("<f8", "(10, 2)", 20)), ("rnn.weight_hh_l0", Npy("<f8", "(10, 5)", 50)), ("rnn.bias_ih_l0", Npy("<f8", "(10,)", 10)),
                    ("rnn.bias_hh_l0", Npy("<f8", "(10,)", 10)), ("out.weight", Npy("<f8", "(1, 5)", 5)), ("out.bias", Npy("<f8", "(1,)", 1)));
                break;
            case "nan":
                var w1 = Npy("<f8", "(5, 1)", 5);
                BitConverter.GetBytes(double.NaN).CopyTo(w1, w1.Length - 24);
                Zip(path, ("weight_0", Npy("<f8", "(2, 5)", 10)), ("weight_1", w1), ("weight_h", good));
                break;
            case "unknown-key":
                Zip(path, ("weight_0", Npy("<f8", "(2, 5)", 10)), ("weight_1", Npy("<f8", "(5, 1)", 5)), ("weight_h", good), ("bias", Npy("<f8", "(5,)", 5)));
                break;
            case "no-known-key":
                Zip(path, ("W", good));
                break;
            case "missing-key":
                Zip(path, ("weight_0", Npy("<f8", "(2, 5)", 10)), ("weight_1", Npy("<f8", "(5, 1)", 5)));
                break;
            case "huge-shape":
                Zip(path, ("weight_h", Npy("<f8", "(100000, 100000)", 1)));
                break;
            case "huge-entry":
                HugeEntry(path);
                break;
            case "zip-bomb":
                // A (5, 5) header followed by 50 MB of zeros: deflated, about 50 kB on disk.
                Zip(path, CompressionLevel.SmallestSize, ("weight_h", [.. good, .. new byte[50_000_000]]));
                break;
            case "object-array":
                Zip(path, ("weight_h", Npy("|O", "(5, 5)", 0)));
                break;
            case "big-endian":
                Zip(path, ("weight_h", Npy(">f8", "(5, 5)", 25)));
                break;
            case "fortran-order":
                Zip(path, ("weight_h", Npy("<f8", "(5, 5)", 25, fortran: true)));
                break;
            case "structured":
                Zip(path, ("weight_h", Header("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (5,), }")));
                break;
            case "truncated-npy":
                Zip(path, ("weight_h", good[..^120]));
                break;
            case "bad-magic":
                Zip(path, ("weight_h", Encoding.ASCII.GetBytes("not an array at all")));
                break;
            case "npy-version":
                var v4 = Npy("<f8", "(5, 5)", 25);
                v4[6] = 4;
                Zip(path, ("weight_h", v4));
                break;
            case "single-npy":
                File.WriteAllBytes(path, good);
                break;
            case "printed-nan":
                File.WriteAllText(path, "[[ 1.  2.]\n [ 3.  4.]]\n[[ 1.]\n [ 2.]]\n[[ 1.  nan]\n [ 3.  4.]]\n");
                break;
            case "printed-two":
                File.WriteAllText(path, "总误差:[3.99]\n[[ 1.  2.]\n [ 3.  4.]]\n[[ 1.]\n [ 2.]]\n");
                break;
            case "printed-summary":
                File.WriteAllText(path, "[[ 1.  2.]\n [ 3.  4.]]\n[[ 1.]\n [ 2.]]\n[[ 1. ... 4.]\n ...\n [ 3. ... 4.]]\n");
                break;
            default: throw new ArgumentException(kind, nameof(kind));
        }
        return path;
    }

    /// <summary>A .npy version 1.0 with this header and <paramref name="values"/> float64 values 0.5, 1.5, ….</summary>
    private static byte[] Npy(string descr, string shape, int values, bool fortran = false)
    {
        var header = Header($"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}");
        return [.. header, .. Enumerable.Range(0, values).SelectMany(i => BitConverter.GetBytes(i + 0.5))];
    }

    private static byte[] Header(string dict)
    {
        var text = dict + new string(' ', 64 - ((10 + dict.Length + 1) % 64)) + "\n";
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)(text.Length & 0xff), (byte)(text.Length >> 8), .. Encoding.Latin1.GetBytes(text)];
    }

    private static void Zip(string path, params (string Name, byte[] Bytes)[] entries) => Zip(path, CompressionLevel.NoCompression, entries);

    private static void Zip(string path, CompressionLevel level, params (string Name, byte[] Bytes)[] entries)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var stream = zip.CreateEntry(name + ".npy", level).Open();
            stream.Write(bytes);
        }
    }

    /// <summary>A stored entry whose central directory claims 4 GB uncompressed (zip64 fields patched).</summary>
    private static void HugeEntry(string path)
    {
        Zip(path, ("weight_h", Npy("<f8", "(5, 5)", 25)));
        var bytes = File.ReadAllBytes(path);
        // The central directory header (PK\x01\x02) holds the uncompressed size at offset 24.
        var central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        BitConverter.GetBytes(0xFFFF_FFF0u).CopyTo(bytes, central + 24);
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => _dir.Dispose();
}
