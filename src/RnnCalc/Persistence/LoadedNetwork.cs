using RnnCalc.Training;

namespace RnnCalc.Persistence;

/// <summary>
/// A network read by <see cref="NetworkFile"/>: the model, what kind of file it came from, and — for files that
/// do not record them — the operation and settings taken from options or defaults, in one line for the user.
/// </summary>
public sealed record LoadedNetwork(TrainedModel Model, string Kind, string? Assumptions);
