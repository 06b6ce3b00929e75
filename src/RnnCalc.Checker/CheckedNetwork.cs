namespace RnnCalc.Checker;

/// <summary>
/// The network a certificate is about, as the checker reads it: the operation it claims to compute, the starting
/// hidden value, and the weights (exact doubles) in the tutorial's layout — input (2×H), recurrent (H×H, row i feeds
/// unit j at [i·H + j]), output (H).
/// </summary>
internal sealed record CheckedNetwork(string Operation, int Hidden, double InitialHidden, double[] Input, double[] Recurrent, double[] Output);
