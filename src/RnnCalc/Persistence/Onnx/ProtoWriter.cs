using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace RnnCalc.Persistence.Onnx;

/// <summary>
/// Protocol Buffers' wire format, the little of it an ONNX file needs: a field is a tag (number · 8 + wire type)
/// then a varint (wire type 0: integers, enums) or a length and that many bytes (wire type 2: strings, bytes,
/// nested messages, packed repeated integers). Fields are written in the order they are called.
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintType = 0;
    private const int LengthType = 2;

    private readonly ArrayBufferWriter<byte> _bytes = new();

    /// <summary>An int32, int64 or enum field; negative values take ten bytes, as protobuf writes them.</summary>
    public ProtoWriter Int(int field, long value)
    {
        Tag(field, VarintType);
        Varint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthType);
        Varint((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Bytes(field, message._bytes.WrittenSpan);
    }

    /// <summary>A repeated int64 field, packed (one length-delimited run of varints).</summary>
    public ProtoWriter PackedInts(int field, ReadOnlySpan<long> values)
    {
        var packed = new ProtoWriter();
        foreach (var v in values)
        {
            packed.Varint(unchecked((ulong)v));
        }
        return Message(field, packed);
    }

    /// <summary>Values as little-endian float32, the layout of a TensorProto's raw_data.</summary>
    public ProtoWriter RawFloats(int field, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }
        return Bytes(field, raw);
    }

    /// <summary>Values as little-endian int64, the layout of a TensorProto's raw_data.</summary>
    public ProtoWriter RawInts(int field, ReadOnlySpan<long> values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }
        return Bytes(field, raw);
    }

    public byte[] ToArray() => _bytes.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        var span = _bytes.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        _bytes.Advance(n);
    }
}
