using RnnCalc.Random;

namespace RnnCalc.Network;

/// <summary>
/// The tutorial's vanilla RNN: 2 inputs → H sigmoid hidden units (fed back) → 1 sigmoid output, no biases.
/// Weights live in flat row-major arrays so the hot loops index contiguous memory.
/// <code>
/// tutorial        here                 shape
/// weight_0        Input[i*H + j]       (2×H)  input bit i → hidden unit j
/// weight_h        Recurrent[i*H + j]   (H×H)  hidden unit i at t−1 → hidden unit j at t
/// weight_1        Output[j]            (H×1)  hidden unit j → output
/// layer_1         hidden state         (H)
/// layer_2         output probability   (1)
/// </code>
/// </summary>
public sealed class RecurrentNetwork
{
    public const int InputSize = 2;

    public RecurrentNetwork(int hidden, double initialHidden = 0.1, ExpKind exp = ExpKind.NumpyAvx512)
    {
        Exp = exp;
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Hidden = hidden;
        InitialHidden = initialHidden;
        Input = new double[InputSize * hidden];
        Recurrent = new double[hidden * hidden];
        Output = new double[hidden];
    }

    public int Hidden { get; }

    /// <summary>The exp inside every sigmoid (see <see cref="ExpKind"/>).</summary>
    public ExpKind Exp { get; }

    /// <summary>The value every hidden unit starts a sequence with (the tutorial's 0.1).</summary>
    public double InitialHidden { get; }

    /// <summary>(2×H) row-major: the tutorial's weight_0.</summary>
    public double[] Input { get; }

    /// <summary>(H×H) row-major: the tutorial's weight_h.</summary>
    public double[] Recurrent { get; }

    /// <summary>(H) : the tutorial's weight_1 (an H×1 column).</summary>
    public double[] Output { get; }

    /// <summary>
    /// The tutorial's initialisation: <c>(2·random() − 1)·scale</c>, drawn for weight_0, then weight_1, then weight_h,
    /// each in row-major order as numpy fills an array.
    /// </summary>
    public static RecurrentNetwork Initialize(NumpyRandom random, int hidden, double scale = 0.05, double initialHidden = 0.1, ExpKind exp = ExpKind.NumpyAvx512)
    {
        ArgumentNullException.ThrowIfNull(random);
        var network = new RecurrentNetwork(hidden, initialHidden, exp);
        Fill(network.Input, random, scale);
        Fill(network.Output, random, scale);
        Fill(network.Recurrent, random, scale);
        return network;
    }

    public RecurrentNetwork Clone()
    {
        var copy = new RecurrentNetwork(Hidden, InitialHidden, Exp);
        CopyWeightsTo(copy);
        return copy;
    }

    public void CopyWeightsTo(RecurrentNetwork target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Hidden != Hidden)
        {
            throw new ArgumentException("Networks differ in hidden size.", nameof(target));
        }
        Input.CopyTo(target.Input, 0);
        Recurrent.CopyTo(target.Recurrent, 0);
        Output.CopyTo(target.Output, 0);
    }

    /// <summary>True when every weight is a finite number.</summary>
    public bool IsFinite() => AllFinite(Input) && AllFinite(Recurrent) && AllFinite(Output);

    private static bool AllFinite(double[] values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }

    private static void Fill(double[] weights, NumpyRandom random, double scale)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = ((2 * random.NextDouble()) - 1) * scale;
        }
    }
}
