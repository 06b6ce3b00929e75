namespace RnnCalc.Network;

/// <summary>
/// A weight update with the network's shapes (the tutorial's weight_*_update): minus the gradient of
/// ½Σₜ(yₜ − outₜ)², accumulated over a sequence (or a batch of them).
/// </summary>
public sealed class Gradient
{
    public Gradient(int hidden)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Hidden = hidden;
        Input = new double[RecurrentNetwork.InputSize * hidden];
        Recurrent = new double[hidden * hidden];
        Output = new double[hidden];
    }

    public int Hidden { get; }

    /// <summary>(2×H)</summary>
    public double[] Input { get; }

    /// <summary>(H×H)</summary>
    public double[] Recurrent { get; }

    /// <summary>(H)</summary>
    public double[] Output { get; }

    public void Clear()
    {
        Array.Clear(Input);
        Array.Clear(Recurrent);
        Array.Clear(Output);
    }
}
