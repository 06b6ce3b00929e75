using RnnCalc.Arithmetic;

namespace RnnCalc.Training;

/// <summary>
/// What the tutorial prints every few updates: the update index, that example's summed error, the operands,
/// and the predicted and exact bits (least-significant first).
/// </summary>
public sealed record TrainingProgress(long Update, double Error, Problem Problem, byte[] Predicted, byte[] Exact, Operation Operation)
{
    /// <summary>The predicted bits read as an unsigned number, as the tutorial's <c>out</c>.</summary>
    public long PredictedValue
    {
        get
        {
            long value = 0;
            for (var i = Predicted.Length - 1; i >= 0; i--)
            {
                value = (value << 1) | Predicted[i];
            }
            return value;
        }
    }

    /// <summary>True when the predicted bits equal the exact ones.</summary>
    public bool Correct => Predicted.AsSpan().SequenceEqual(Exact);
}
