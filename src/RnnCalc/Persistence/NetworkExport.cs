using RnnCalc.Persistence.Interop;
using RnnCalc.Persistence.Onnx;
using RnnCalc.Training;

namespace RnnCalc.Persistence;

/// <summary>
/// A network written for other programs, by the file's extension: <c>.npz</c> (the tutorial's names for the
/// tutorial's cell, a PyTorch state_dict for the others; float64, read back bit-identical), <c>.onnx</c> (a graph of
/// ONNX's standard RNN, GRU or LSTM operator and the output layer, float32, any sequence length) or <c>.json</c> (the
/// model file). An .npz holds only the weights: the operation and h0 are the reader's to give.
/// </summary>
internal static class NetworkExport
{
    /// <summary>The extensions <see cref="Save"/> writes.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".npz", ".onnx", ".json"];

    /// <summary>True when <paramref name="path"/> ends in an extension <see cref="Save"/> writes.</summary>
    public static bool Writes(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically, in the format its extension names.</summary>
    public static void Save(string path, TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".npz":
                AtomicFile.WriteAllBytes(path, Npz(model));
                break;
            case ".onnx":
                AtomicFile.WriteAllBytes(path, Onnx(model));
                break;
            case ".json":
                ModelFile.Save(path, model);
                break;
            default:
                throw new ArgumentException($"cannot export to '{path}': the extension is not one of {string.Join(", ", Extensions)}", nameof(path));
        }
    }

    /// <summary>The network as <c>np.savez</c> would write its arrays, with the names <see cref="TensorNaming.For"/> gives.</summary>
    public static byte[] Npz(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var net = model.Network;
        var naming = TensorNaming.For(net.Cell);
        return NpzArchive.Write(naming.Layout(net.Hidden, net.Cell).Select(t => new NpyArray(t.Key, t.Shape, net.Tensor(t.Tensor).ToArray())));
    }

    /// <summary>
    /// The network as an ONNX model (opset 17, float32): input <c>bits</c> [steps, batch, 2] — a_t and b_t, least
    /// significant first — and output <c>probability</c> [steps, batch], p(1) of each output bit; h0 is built in.
    /// </summary>
    public static byte[] Onnx(TrainedModel model) => OnnxNetwork.Write(model);

    /// <summary>What an .npz of this model leaves out, when a reader's defaults would not give it back; null when they would.</summary>
    public static string? NpzLeavesOut(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var net = model.Network;
        var defaults = model.Config.Operation == Arithmetic.Operation.Subtract && BitConverter.DoubleToInt64Bits(net.InitialHidden) == BitConverter.DoubleToInt64Bits(net.Cell.DefaultInitialHidden);
        return defaults
            ? null
            : FormattableString.Invariant($"an .npz does not record the operation or h0: read it back with --op {model.Config.Operation.Name} --initial-hidden {net.InitialHidden}");
    }
}
