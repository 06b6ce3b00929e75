using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>The tanh cell's step on boxes: h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
internal sealed class TanhEnclosure(RecurrentNetwork network, double weightRadius) : GatedEnclosure(network, weightRadius)
{
    private protected override void StepUnit(int u, int pair, Box from, Box into)
    {
        var h = IntervalArithmetic.Tanh(Gate(u, pair, from));
        (into.Lo[u], into.Hi[u]) = (h.Lo, h.Hi);
    }
}
