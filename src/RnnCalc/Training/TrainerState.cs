using RnnCalc.Arithmetic;
using RnnCalc.Random;

namespace RnnCalc.Training;

/// <summary>A trainer's state besides its weights: counters, the random generator, the optimizer, the history.</summary>
internal sealed record TrainerState(
    long Updates,
    long SequencesSeen,
    long Streak,
    long? SolvedAt,
    long? ProvenAt,
    double LastError,
    Problem LastProblem,
    RandomState Random,
    long OptimizerSteps,
    IReadOnlyDictionary<string, double[]> OptimizerState,
    IReadOnlyList<HistoryRow>? History,
    long HistoryStride,
    double SmoothedError);
