using RnnCalc.Arithmetic;
using RnnCalc.Training;

namespace RnnCalc.Tests;

/// <summary>The default networks, trained once per test run (training is deterministic).</summary>
internal static class DefaultModels
{
    private static readonly Lazy<TrainedModel> SubtractModel = new(() => DefaultModel.Train(Operation.Subtract));
    private static readonly Lazy<TrainedModel> AddModel = new(() => DefaultModel.Train(Operation.Add));

    public static TrainedModel Subtract => SubtractModel.Value;

    public static TrainedModel Add => AddModel.Value;

    public static TrainedModel For(Operation operation) => operation == Operation.Add ? Add : Subtract;

    public static Calculator Calculator => new(new Dictionary<Operation, RnnCalc.Network.RecurrentNetwork>
    {
        [Operation.Subtract] = Subtract.Network,
        [Operation.Add] = Add.Network,
    });
}
