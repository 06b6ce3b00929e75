namespace RnnCalc.Persistence.Onnx;

/// <summary>One dimension of a graph input's or output's shape: a fixed size, or a name the runtime fills in.</summary>
internal readonly record struct OnnxDimension(long Value, string? Name)
{
    public static OnnxDimension Fixed(long value) => new(value, null);

    public static OnnxDimension Named(string name) => new(0, name);

    /// <summary>The TensorShapeProto.Dimension: dim_value = 1 or dim_param = 2.</summary>
    public ProtoWriter Write() => Name is null ? new ProtoWriter().Int(1, Value) : new ProtoWriter().String(2, Name);
}
