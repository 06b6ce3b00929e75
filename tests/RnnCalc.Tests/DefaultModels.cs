using RnnCalc.Arithmetic;
using RnnCalc.Training;

namespace RnnCalc.Tests;

/// <summary>The default networks as rnncalc ships them, read once per test run (DefaultModelTests: equal to a fresh training run).</summary>
internal static class DefaultModels
{
    private static readonly Lazy<TrainedModel> SubtractModel = new(() => DefaultModel.Load(Operation.Subtract));
    private static readonly Lazy<TrainedModel> AddModel = new(() => DefaultModel.Load(Operation.Add));

    public static TrainedModel Subtract => SubtractModel.Value;

    public static TrainedModel Add => AddModel.Value;

    public static TrainedModel For(Operation operation) => operation == Operation.Add ? Add : Subtract;

    /// <summary>A copy of <paramref name="network"/> with its output weights' signs flipped: a network that gets bits wrong.</summary>
    public static RnnCalc.Network.RecurrentNetwork Flipped(RnnCalc.Network.RecurrentNetwork network)
    {
        var flipped = network.Clone();
        for (var j = 0; j < flipped.Output.Length; j++)
        {
            flipped.Output[j] = -flipped.Output[j];
        }
        return flipped;
    }

    public static Calculator Calculator => new(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork>
    {
        [Operation.Subtract] = Subtract.Network,
        [Operation.Add] = Add.Network,
    });
}
