namespace RnnCalc.Evaluation;

/// <summary>How a race to solve ended: the update after which every pair was right (null if never), and the checks it took.</summary>
internal sealed record SolveResult(long? SolvedAt, long Updates, int Checks, TimeSpan Elapsed);
