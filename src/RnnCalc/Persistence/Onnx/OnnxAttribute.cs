namespace RnnCalc.Persistence.Onnx;

/// <summary>A node attribute: an int (AttributeProto type INT) or a list of strings (type STRINGS).</summary>
internal readonly record struct OnnxAttribute(string Name, long Int, IReadOnlyList<string>? Strings)
{
    // AttributeProto.AttributeType
    private const int IntType = 2;
    private const int StringsType = 8;

    public static OnnxAttribute Of(string name, long value) => new(name, value, null);

    public static OnnxAttribute Of(string name, params string[] values) => new(name, 0, values);

    /// <summary>The AttributeProto: name = 1, i = 3, strings = 9, type = 20.</summary>
    public ProtoWriter Write()
    {
        var attribute = new ProtoWriter().String(1, Name);
        if (Strings is null)
        {
            return attribute.Int(3, Int).Int(20, IntType);
        }
        foreach (var s in Strings)
        {
            attribute.String(9, s);
        }
        return attribute.Int(20, StringsType);
    }
}
