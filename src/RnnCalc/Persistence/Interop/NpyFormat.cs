using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace RnnCalc.Persistence.Interop;

/// <summary>
/// numpy's <c>.npy</c> format, read and written by hand: the magic <c>\x93NUMPY</c>, a version (1.0, 2.0 or 3.0), the
/// header's length (2 bytes in 1.0, 4 after), the header — a Python dict literal
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 16), }</c> padded with spaces to a line — then the
/// values in C order. Only little-endian float64 and float32 in C order are read; an object array (pickled Python
/// objects) is refused, never unpickled. Sizes are checked against a caller's limit before anything is allocated.
/// </summary>
internal static class NpyFormat
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Longest header read; numpy's own readers refuse more than 10,000 bytes unless told otherwise.</summary>
    public const int MaxHeaderBytes = 65_535;

    /// <summary>numpy pads the magic, version, length and header to a multiple of this.</summary>
    private const int Alignment = 64;

    /// <summary>True when <paramref name="start"/> begins like a .npy file.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    /// <summary>
    /// Reads one array from <paramref name="stream"/>: exactly its header and its values, nothing after them. An
    /// array declaring more than <paramref name="maxValues"/> numbers is refused before its values are read.
    /// </summary>
    public static NpyArray Read(Stream stream, string name, long maxValues)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var prelude = new byte[8];
        if (ReadUpTo(stream, prelude) < prelude.Length || !HasMagic(prelude))
        {
            throw new ModelFileException($"{name} is not a numpy .npy array (no \\x93NUMPY magic)");
        }
        var (major, minor) = (prelude[6], prelude[7]);
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new ModelFileException($"{name} is .npy version {major}.{minor}; this rnncalc reads 1.0, 2.0 and 3.0");
        }
        var lengthBytes = new byte[major == 1 ? 2 : 4];
        if (ReadUpTo(stream, lengthBytes) < lengthBytes.Length)
        {
            throw new ModelFileException($"{name} is truncated inside its header");
        }
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
        {
            throw new ModelFileException($"{name} declares a header of {headerLength} bytes, more than the {MaxHeaderBytes} a numeric array needs");
        }
        var headerBytes = new byte[headerLength];
        if (ReadUpTo(stream, headerBytes) < headerBytes.Length)
        {
            throw new ModelFileException($"{name} is truncated inside its header");
        }
        // Versions 1.0 and 2.0 store the header in latin-1, 3.0 in UTF-8.
        var headerText = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        var header = NpyHeader.Parse(headerText, name);
        var count = 1L;
        foreach (var dimension in header.Shape)
        {
            count *= dimension;
            if (dimension > maxValues || count > maxValues)
            {
                throw new ModelFileException(string.Create(CultureInfo.InvariantCulture, $"{name} declares shape {NpyArray.ShapeOf(header.Shape)}, more than the {maxValues:N0} numbers of any tensor of a network of at most {ModelFile.MaxHidden} hidden units"));
            }
        }
        // Read in chunks: a hostile length costs no more memory than the values it really holds.
        var values = new double[count];
        var chunk = new byte[64 * 1024];
        var size = header.ItemSize;
        var done = 0L;
        while (done < count)
        {
            var want = (int)Math.Min(chunk.Length / size, count - done) * size;
            var got = ReadUpTo(stream, chunk.AsSpan(0, want));
            if (got < want)
            {
                throw new ModelFileException(string.Create(CultureInfo.InvariantCulture, $"{name} is truncated: its shape {NpyArray.ShapeOf(header.Shape)} needs {count * size} bytes of values, the file has {(done * size) + got}"));
            }
            for (var i = 0; i < want / size; i++)
            {
                values[done + i] = size == 8
                    ? BinaryPrimitives.ReadDoubleLittleEndian(chunk.AsSpan(i * 8))
                    : BinaryPrimitives.ReadSingleLittleEndian(chunk.AsSpan(i * 4));
            }
            done += want / size;
        }
        return new NpyArray(name, header.Shape, values);
    }

    /// <summary>Writes a little-endian float64 C-order array as numpy 1.24's <c>np.save</c> does (version 1.0, header padded to 64 bytes).</summary>
    public static void Write(Stream stream, IReadOnlyList<int> shape, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shape);
        var header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {NpyArray.ShapeOf(shape)}, }}";
        var unpadded = Magic.Length + 2 + 2 + header.Length + 1;
        header += new string(' ', ((Alignment - (unpadded % Alignment)) % Alignment)) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> scratch = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(scratch, (ushort)header.Length);
        stream.Write(scratch[..2]);
        stream.Write(Encoding.Latin1.GetBytes(header));
        foreach (var value in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(scratch, value);
            stream.Write(scratch);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> as far as the stream goes; returns the bytes read.</summary>
    internal static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }
}
