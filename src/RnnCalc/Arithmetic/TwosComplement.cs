using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>Integers as bit steps: two's complement, least-significant bit first, sign-extended to any width.</summary>
internal static class TwosComplement
{
    /// <summary>The fewest bits that hold <paramref name="value"/> in two's complement, sign bit included (0 → 1).</summary>
    public static int Width(BigInteger value) =>
        (int)(value.Sign >= 0 ? value.GetBitLength() : (-value - 1).GetBitLength()) + 1;

    /// <summary>Fills <paramref name="bits"/> with the low bits of <paramref name="value"/> (sign-extended), least-significant first.</summary>
    public static void Encode(BigInteger value, Span<byte> bits)
    {
        var width = bits.Length;
        var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: false);
        var fill = (byte)(value.Sign < 0 ? 1 : 0);
        for (var t = 0; t < width; t++)
        {
            var index = t >> 3;
            bits[t] = index < bytes.Length ? (byte)((bytes[index] >> (t & 7)) & 1) : fill;
        }
    }

    public static byte[] Encode(BigInteger value, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var bits = new byte[width];
        Encode(value, bits);
        return bits;
    }

    /// <summary>Reads bits (least-significant first) as a two's complement number of that many bits.</summary>
    public static BigInteger Decode(ReadOnlySpan<byte> bits)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bits.Length);
        var bytes = new byte[(bits.Length + 7) / 8];
        for (var t = 0; t < bits.Length; t++)
        {
            if (bits[t] > 1)
            {
                throw new ArgumentException($"bit {t} is {bits[t]}, not 0 or 1", nameof(bits));
            }
            bytes[t >> 3] |= (byte)(bits[t] << (t & 7));
        }
        var magnitude = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        return bits[^1] == 1 ? magnitude - (BigInteger.One << bits.Length) : magnitude;
    }
}
