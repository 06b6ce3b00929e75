using System.Globalization;
using System.IO.Compression;

namespace RnnCalc.Persistence.Interop;

/// <summary>
/// numpy's <c>.npz</c>: a zip of .npy arrays, one entry <c>KEY.npy</c> per array (<c>np.savez</c> stores them,
/// <c>np.savez_compressed</c> deflates them). Reading is bounded: each entry may hold no more than its own header
/// declares, and no header may declare more than the caller's limit, so a small file cannot inflate into gigabytes.
/// </summary>
internal static class NpzArchive
{
    /// <summary>More entries than any network's state_dict has (six) with room to name the unknown ones.</summary>
    public const int MaxEntries = 64;

    /// <summary>True when <paramref name="start"/> begins like a zip archive.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> start) => start.StartsWith("PK\u0003\u0004"u8) || start.StartsWith("PK\u0005\u0006"u8);

    /// <summary>Every array in the archive, in entry order; <paramref name="maxValues"/> bounds each array.</summary>
    public static IReadOnlyList<NpyArray> Read(Stream stream, long maxValues)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries)
            {
                throw new ModelFileException($"the .npz holds {zip.Entries.Count} entries; a network has at most 6 arrays");
            }
            var arrays = new List<NpyArray>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var extra = new byte[1];
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    throw new ModelFileException($"the .npz entry '{entry.FullName}' is not a .npy array");
                }
                var key = entry.FullName[..^4];
                if (!names.Add(key))
                {
                    throw new ModelFileException($"the .npz holds '{entry.FullName}' twice");
                }
                var bound = MaxEntryBytes(maxValues);
                if (entry.Length > bound)
                {
                    throw new ModelFileException(string.Create(CultureInfo.InvariantCulture, $"{key} declares {entry.Length:N0} bytes uncompressed, more than the {bound:N0} any tensor of a network of at most {ModelFile.MaxHidden} hidden units needs"));
                }
                using var data = entry.Open();
                var array = NpyFormat.Read(data, key, maxValues);
                if (NpyFormat.ReadUpTo(data, extra) > 0)
                {
                    throw new ModelFileException($"{key} inflates beyond the {array.ShapeText} array its header declares (a zip bomb?)");
                }
                arrays.Add(array);
            }
            return arrays;
        }
        catch (InvalidDataException e)
        {
            throw new ModelFileException($"the .npz is not a readable zip archive (truncated or damaged: {e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    /// <summary>An .npz as <c>np.savez</c> writes it: one stored (uncompressed) float64 entry per array, in order.</summary>
    public static byte[] Write(IEnumerable<NpyArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var array in arrays)
            {
                var entry = zip.CreateEntry(array.Name + ".npy", CompressionLevel.NoCompression);
                // A fixed date, as numpy writes, so the same network always gives the same bytes.
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var data = entry.Open();
                NpyFormat.Write(data, array.Shape, array.Values);
            }
        }
        return buffer.ToArray();
    }

    private static long MaxEntryBytes(long maxValues) => 12L + NpyFormat.MaxHeaderBytes + (8 * maxValues);
}
