namespace RnnCalc.Persistence.Onnx;

/// <summary>
/// An ONNX graph being written, node by node, then wrapped in a ModelProto. Field numbers are onnx.proto's
/// (ONNX 1.12); tensors are float32 or int64, stored as raw_data.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>IR version 8 goes with opset 17 (ONNX 1.12).</summary>
    public const long IrVersion = 8;

    public const long Opset = 17;

    // TensorProto.DataType
    private const int FloatType = 1;
    private const int Int64Type = 7;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];

    /// <summary>A NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5. An empty input name skips an optional input.</summary>
    public void Node(string opType, IReadOnlyList<string> inputs, string output, params OnnxAttribute[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }
        node.String(2, output).String(3, output).String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute.Write());
        }
        _nodes.Add(node);
    }

    /// <summary>A float32 TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.</summary>
    public void Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values) =>
        _initializers.Add(new ProtoWriter().PackedInts(1, dims).Int(2, FloatType).String(8, name).RawFloats(9, values));

    /// <summary>An int64 TensorProto, for shapes and axes.</summary>
    public void Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values) =>
        _initializers.Add(new ProtoWriter().PackedInts(1, dims).Int(2, Int64Type).String(8, name).RawInts(9, values));

    public void Input(string name, params OnnxDimension[] shape) => _inputs.Add(FloatValue(name, shape));

    public void Output(string name, params OnnxDimension[] shape) => _outputs.Add(FloatValue(name, shape));

    /// <summary>
    /// The ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8,
    /// metadata_props = 14; its GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
    /// </summary>
    public byte[] Model(string graphName, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
        {
            graph.Message(1, node);
        }
        graph.String(2, graphName);
        foreach (var initializer in _initializers)
        {
            graph.Message(5, initializer);
        }
        foreach (var input in _inputs)
        {
            graph.Message(11, input);
        }
        foreach (var output in _outputs)
        {
            graph.Message(12, output);
        }
        // OperatorSetIdProto: domain = 1 (empty: the default ONNX domain), version = 2.
        var model = new ProtoWriter().Int(1, IrVersion).String(2, "rnncalc").Message(7, graph).Message(8, new ProtoWriter().Int(2, Opset));
        foreach (var (key, value) in metadata)
        {
            // StringStringEntryProto: key = 1, value = 2.
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        }
        return model.ToArray();
    }

    /// <summary>A ValueInfoProto (name = 1, type = 2) of a float32 tensor: TypeProto.tensor_type = 1 → elem_type = 1, shape = 2 → dim = 1.</summary>
    private static ProtoWriter FloatValue(string name, OnnxDimension[] shape)
    {
        var dims = new ProtoWriter();
        foreach (var d in shape)
        {
            dims.Message(1, d.Write());
        }
        var tensor = new ProtoWriter().Int(1, FloatType).Message(2, dims);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor));
    }
}
