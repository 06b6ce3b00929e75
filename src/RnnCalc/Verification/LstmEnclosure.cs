using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// The LSTM's step on boxes over its whole state (h, then c):
/// <code>
/// i = σ(…)  f = σ(…)  g = tanh(…)  o = σ(…)     (each W_i· x + b_i· + W_h· h + b_h·)
/// c' = f ⊙ c + i ⊙ g
/// h' = o ⊙ tanh(c')
/// </code>
/// </summary>
internal sealed class LstmEnclosure(RecurrentNetwork network, double weightRadius) : GatedEnclosure(network, weightRadius)
{
    private protected override void StepUnit(int u, int pair, Box from, Box into)
    {
        var h = Hidden;
        var (i, f, o) = (SigmoidGate(0, u, pair, from), SigmoidGate(1, u, pair, from), SigmoidGate(3, u, pair, from));
        var g = IntervalArithmetic.Tanh(Gate((2 * h) + u, pair, from));
        // fl(fl(f · c) + fl(i · g)), then fl(o · tanh(c')): every operation rounds once.
        var kept = IntervalArithmetic.Rounded(IntervalArithmetic.Multiply(f, from[h + u]));
        var written = IntervalArithmetic.Rounded(IntervalArithmetic.Multiply(i, g));
        var c = IntervalArithmetic.Rounded(IntervalArithmetic.Add(kept, written));
        var state = IntervalArithmetic.Rounded(IntervalArithmetic.Multiply(o, IntervalArithmetic.Tanh(c)));
        (into.Lo[u], into.Hi[u]) = (state.Lo, state.Hi);
        (into.Lo[h + u], into.Hi[h + u]) = (c.Lo, c.Hi);
    }
}
