using RnnCalc.Network;

namespace RnnCalc.Training;

/// <summary>
/// The fast mode's single-precision copy of a network, hidden units padded to a whole number of vectors:
/// padding units get zero weights in every direction, so they never affect a real unit (the output weight's
/// update is masked to keep it so). Wh is kept twice, as is and transposed, updated by the same products in
/// the same order, so the backward pass reads columns as rows without transposing each update.
/// </summary>
internal sealed class FastWeights
{
    public FastWeights(RecurrentNetwork network, int lanes)
    {
        ArgumentNullException.ThrowIfNull(network);
        Hidden = network.Hidden;
        Padded = (Hidden + lanes - 1) / lanes * lanes;
        InitialHidden = (float)network.InitialHidden;
        Input = new float[2 * Padded];
        Recurrent = new float[Padded * Padded];
        RecurrentTransposed = new float[Padded * Padded];
        Output = new float[Padded];
        UnitMask = new float[Padded];
        var h = Hidden;
        for (var j = 0; j < h; j++)
        {
            Input[j] = (float)network.Input[j];
            Input[Padded + j] = (float)network.Input[h + j];
            Output[j] = (float)network.Output[j];
            UnitMask[j] = 1;
            for (var i = 0; i < h; i++)
            {
                Recurrent[(i * Padded) + j] = (float)network.Recurrent[(i * h) + j];
                RecurrentTransposed[(j * Padded) + i] = (float)network.Recurrent[(i * h) + j];
            }
        }
    }

    public int Hidden { get; }

    /// <summary>Hidden rounded up to whole vectors (Hp).</summary>
    public int Padded { get; }

    public float InitialHidden { get; }

    /// <summary>(2×Hp)</summary>
    public float[] Input { get; }

    /// <summary>(Hp×Hp)</summary>
    public float[] Recurrent { get; }

    /// <summary>(Hp×Hp): Whᵀ.</summary>
    public float[] RecurrentTransposed { get; }

    /// <summary>(Hp)</summary>
    public float[] Output { get; }

    /// <summary>(Hp): 1 for real units, 0 for padding.</summary>
    public float[] UnitMask { get; }

    /// <summary>Writes the weights, widened to double, into <paramref name="network"/> (same hidden size): no allocation.</summary>
    public void WriteTo(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var h = Hidden;
        ArgumentOutOfRangeException.ThrowIfNotEqual(network.Hidden, h, nameof(network));
        for (var j = 0; j < h; j++)
        {
            network.Input[j] = Input[j];
            network.Input[h + j] = Input[Padded + j];
            network.Output[j] = Output[j];
            for (var i = 0; i < h; i++)
            {
                network.Recurrent[(i * h) + j] = Recurrent[(i * Padded) + j];
            }
        }
    }
}
