using System.Globalization;
using System.Text;
using RnnCalc.Network;
using RnnCalc.Training;

namespace RnnCalc.Printing;

/// <summary>
/// What the tutorial's script prints, line for line: a progress block every PrintEvery updates and the three
/// weight matrices at the end, in numpy's print layout — or, in the words of another <see cref="ReferenceScript"/>,
/// what Trask's addition script prints.
/// </summary>
internal static class TutorialTranscript
{
    public const string Separator = "------------";

    /// <summary>The five lines <paramref name="script"/> prints for one progress point (bits most-significant first).</summary>
    public static string ProgressBlock(TrainingProgress progress, ReferenceScript script)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(script);
        var text = new StringBuilder();
        text.Append(script.ErrorLabel).Append(NumpyArrayFormat.Format([progress.Error])).Append('\n');
        text.Append("Pred:").Append(NumpyArrayFormat.Format(MostSignificantFirst(progress.Predicted))).Append('\n');
        text.Append("True:").Append(NumpyArrayFormat.Format(MostSignificantFirst(progress.Exact))).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{progress.Problem.A} {progress.Operation.Symbol} {progress.Problem.B} = {progress.PredictedValue}\n");
        text.Append(Separator).Append('\n');
        return text.ToString();
    }

    /// <summary><c>print(weight_0)</c>, <c>print(weight_1)</c>, <c>print(weight_h)</c>.</summary>
    public static string FinalWeights(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var h = network.Hidden;
        var text = new StringBuilder();
        text.Append(NumpyArrayFormat.Format(network.Input, RecurrentNetwork.InputSize, h)).Append('\n');
        text.Append(NumpyArrayFormat.Format(network.Output, h, 1)).Append('\n');
        text.Append(NumpyArrayFormat.Format(network.Recurrent, h, h)).Append('\n');
        return text.ToString();
    }

    private static byte[] MostSignificantFirst(byte[] bits)
    {
        var copy = (byte[])bits.Clone();
        Array.Reverse(copy);
        return copy;
    }
}
