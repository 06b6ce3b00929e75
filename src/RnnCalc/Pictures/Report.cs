using System.Numerics;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Training;

using RnnCalc.Verification;

namespace RnnCalc.Pictures;

/// <summary>
/// Everything a report shows about one model: its settings, its training history (if known), its exhaustive
/// accuracy, one example calculation traced step by step, and length generalisation — with a figure for each.
/// </summary>
internal sealed class Report
{
    /// <summary>Widest training width checked exhaustively (as <c>rnncalc eval</c>: 2^24 pairs at most).</summary>
    public const int MaxExhaustiveBits = 12;

    /// <summary>How often the default network's training checks every pair when the report trains it.</summary>
    public const long DefaultCheckEvery = 250;

    public Report(TrainedModel model, IReadOnlyList<HistoryRow>? history, Trace example, EvaluationReport? exhaustive, IReadOnlyList<GeneralizationResult> generalization)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(generalization);
        Model = model;
        History = history;
        Example = example;
        Exhaustive = exhaustive;
        Generalization = generalization;
        Curve = history is null ? null : new TrainingCurve(history);
        Weights = WeightHeatmap.All(model.Network);
        HiddenStates = new HiddenStateHeatmap(example);
        GeneralizationChart = new GeneralizationChart(generalization, model.Config.Bits, exhaustive);
        Figures = [.. Curve is null ? Array.Empty<IFigure>() : [Curve], .. Weights, HiddenStates, GeneralizationChart];
    }

    public TrainedModel Model { get; }

    /// <summary>The training history, or null when it is not known (a model file given without its history).</summary>
    public IReadOnlyList<HistoryRow>? History { get; }

    public Trace Example { get; }

    /// <summary>Every pair of the model's range at its width, or null above <see cref="MaxExhaustiveBits"/>.</summary>
    public EvaluationReport? Exhaustive { get; }

    public IReadOnlyList<GeneralizationResult> Generalization { get; }

    /// <summary>Where the model came from, in a few words for the page (e.g. its file name).</summary>
    public string? Source { get; init; }

    public TrainingCurve? Curve { get; }

    /// <summary>weight_0, weight_h, weight_1.</summary>
    public IReadOnlyList<WeightHeatmap> Weights { get; }

    public HiddenStateHeatmap HiddenStates { get; }

    public GeneralizationChart GeneralizationChart { get; }

    /// <summary>What <c>verify</c> found: the minimised machine, proven or not (null when not verified).</summary>
    public VerificationResult? Verification { get; init; }

    /// <summary>Every figure, in the order the page shows them.</summary>
    public IReadOnlyList<IFigure> Figures { get; }

    /// <summary>The example shown when none is asked for: one with a long borrow (or carry) chain.</summary>
    public static (BigInteger A, BigInteger B) DefaultExample(Operation operation) =>
        operation == Operation.Add ? (87, 45) : (200, 57);

    /// <summary>The default network's trainer (seed 0, tutorial settings), recording its history with periodic checks.</summary>
    public static Trainer DefaultTrainer(Operation operation) =>
        new(DefaultModel.Config(operation) with { CheckEvery = DefaultCheckEvery }, recordHistory: true);

    /// <summary>Measures the model (exhaustive set, the example's trace, length generalisation) and builds the report.</summary>
    public static Report Measure(TrainedModel model, IReadOnlyList<HistoryRow>? history, BigInteger a, BigInteger b, int samples, uint seed = 0, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = model.Config.Problems;
        var operation = problems.Operation;
        var exhaustive = problems.Bits <= MaxExhaustiveBits ? BatchEvaluator.Exhaustive(model.Network, problems) : null;
        var calculator = new Calculator(new Dictionary<Operation, RecurrentNetwork> { [operation] = model.Network });
        var example = calculator.Run(operation, a, b);
        var generalization = LengthGeneralization.Measure(model.Network, operation, LengthGeneralization.DefaultWidths, samples, seed);
        var verification = Verifier.Verify(model.Network, operation, VerifyOptions.Quick);
        return new Report(model, history, example, exhaustive, generalization) { Source = source, Verification = verification };
    }
}
