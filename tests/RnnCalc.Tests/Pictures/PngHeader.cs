using System.Buffers.Binary;

namespace RnnCalc.Tests.Pictures;

/// <summary>A PNG's signature and its size from the IHDR chunk, read by hand so the test trusts no image library.</summary>
internal readonly record struct PngHeader(int Width, int Height)
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngHeader Read(byte[] png)
    {
        Assert.True(png.Length > 33, $"a PNG is at least 33 bytes; this is {png.Length}");
        Assert.Equal(Signature, png[..8]);
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(8, 4)));
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return new PngHeader(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
