using System.Globalization;
using RnnCalc.Arithmetic;

namespace RnnCalc.Pictures;

/// <summary>The two or three sentences under each picture: what to look for, with this model's own numbers.</summary>
internal static class ReportCaptions
{
    public static string For(Report report, IFigure figure) => figure switch
    {
        TrainingCurve curve => Curve(report, curve),
        HiddenStateHeatmap states => HiddenStates(states),
        GeneralizationChart chart => Generalization(chart),
        WeightHeatmap weights when weights.Name == "weights-input" => InputWeights(report),
        WeightHeatmap weights when weights.Name == "weights-recurrent" => RecurrentWeights(weights),
        WeightHeatmap weights => OutputWeights(weights),
        _ => string.Empty,
    };

    private static string Curve(Report report, TrainingCurve curve)
    {
        if (curve.Updates.Length == 0)
        {
            return "The history is empty: no updates were recorded.";
        }
        var text = Invariant($"The pale line is the error of each update's example (the tutorial's overallError); the dark line averages about the last 100. It starts near {curve.SmoothedErrors[0]:0.0} — the network answering about 0.5 for every bit — and ends near {curve.SmoothedErrors[^1]:0.00}: watch for the sudden drop when the network discovers the {report.Model.Config.Operation.StateName}.");
        if (curve.CheckUpdates.Length == 0)
        {
            return text + " No exhaustive checks were recorded (train with --check-every to add them).";
        }
        if (curve.SolvedAt is { } solved)
        {
            return text + Invariant($" The orange points check every pair of the training set: they first reach 100% after {FigureStyle.Count(solved)} of the {FigureStyle.Count(curve.Updates[^1])} updates — the rest of the run only polishes the error.");
        }
        return text + Invariant($" The orange points check every pair of the training set; they never reach 100% (best {FigureStyle.Percent(curve.CheckAccuracies.Max())}): this run is not solved.");
    }

    private static string InputWeights(Report report)
    {
        var subtract = report.Model.Config.Operation == Operation.Subtract;
        return "Each column is one hidden unit; the two rows say how strongly input bit a and input bit b push it on (red) or off (blue). "
            + (subtract
                ? "A unit with a blue a and a red b switches on when a is 0 and b is 1 — exactly the case that starts a borrow; find those columns."
                : "A unit red in both rows switches on when both bits are 1 — exactly the case that starts a carry; find those columns.")
            + " Its value at every step is in the hidden-state picture below.";
    }

    private static string RecurrentWeights(WeightHeatmap weights)
    {
        var (row, column, value) = Strongest(weights.Values);
        return Invariant($"Cell (row i, column j) is how unit i at the previous step pushes unit j now: this matrix is the network's only memory, how a borrow or carry travels from one bit to the next. Pale cells are links it barely uses; the strongest is {weights.RowLabels[row]} → {weights.ColumnLabels[column]} ({value:+0.0;−0.0}). Dark rows belong to units whose state matters at the next step.");
    }

    private static string OutputWeights(WeightHeatmap weights)
    {
        var ranked = Enumerable.Range(0, weights.Values.GetLength(1)).OrderByDescending(j => Math.Abs(weights.Values[0, j])).Take(2).ToList();
        var named = string.Join(" and ", ranked.Select(j => Invariant($"{weights.ColumnLabels[j]} ({weights.Values[0, j]:+0.0;−0.0})")));
        return $"How each hidden unit votes for the output bit: red units push it towards 1, blue towards 0. The loudest voters here are {named}; in the hidden-state picture, their switching decides each emitted bit.";
    }

    private static string HiddenStates(HiddenStateHeatmap states)
    {
        var trace = states.Trace;
        var stateName = trace.Operation.StateName;
        var text = Invariant($"Read left to right: step t feeds bit t of {trace.A} and {trace.B}, least significant first, and the last step is the sign step that emits the final {stateName}. The emitted-bit row should equal the exact-bit row (a red box marks a wrong bit). ");
        var followers = Followers(states);
        if (followers.Count == 0)
        {
            return text + Invariant($"This example has no {stateName} to watch: try --example with one, such as \"200 - 57\" or \"87 + 45\".");
        }
        return text + Invariant($"The bottom row is the exact {stateName}: units that switch in the same columns hold it in memory — here {string.Join(", ", followers)} follow it most closely.");
    }

    private static string Generalization(GeneralizationChart chart)
    {
        var text = Invariant($"The network only ever saw {chart.TrainingBits}-bit problems, but the same weights run for as many steps as the numbers need. ");
        if (chart.Results.Count == 0)
        {
            return text + "No widths were measured.";
        }
        var samples = chart.Results.Sum(r => r.Samples);
        var failed = chart.Results.FirstOrDefault(r => r.Correct < r.Samples);
        if (failed is null)
        {
            return text + Invariant($"Green bars are 100%: all {FigureStyle.Count(samples)} random problems up to {chart.Results[^1].Bits} bits were exactly right, every bit — it has learnt the rule, not the examples.");
        }
        return text + Invariant($"A red bar is below 100%: from {failed.Bits} bits on it gets some problems wrong ({FigureStyle.Percent(failed.Accuracy)} right at {failed.Bits} bits) — a rule learnt only approximately breaks down as errors get more chances to happen.");
    }

    /// <summary>Hidden units whose value moves with the exact borrow or carry (|correlation| ≥ 0.7), strongest first.</summary>
    private static List<string> Followers(HiddenStateHeatmap states)
    {
        var steps = states.State.Length;
        var state = states.State.Select(s => (double)s).ToArray();
        if (steps < 2 || state.All(s => s == state[0]))
        {
            return [];
        }
        var units = states.Hidden.GetLength(0);
        var scored = new List<(int Unit, double R)>();
        for (var j = 0; j < units; j++)
        {
            var values = Enumerable.Range(0, steps).Select(t => states.Hidden[j, t]).ToArray();
            var r = Correlation(values, state);
            if (Math.Abs(r) >= 0.7)
            {
                scored.Add((j, r));
            }
        }
        return [.. scored.OrderByDescending(s => Math.Abs(s.R)).Take(3).Select(s => Invariant($"h{s.Unit} ({(s.R > 0 ? "on" : "off")} with it)"))];
    }

    private static double Correlation(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    private static (int Row, int Column, double Value) Strongest(double[,] values)
    {
        var best = (Row: 0, Column: 0, Value: 0.0);
        for (var r = 0; r < values.GetLength(0); r++)
        {
            for (var c = 0; c < values.GetLength(1); c++)
            {
                if (Math.Abs(values[r, c]) > Math.Abs(best.Value))
                {
                    best = (r, c, values[r, c]);
                }
            }
        }
        return best;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
