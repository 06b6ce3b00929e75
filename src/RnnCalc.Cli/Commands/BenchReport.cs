namespace RnnCalc.Cli.Commands;

/// <summary>What <c>rnncalc bench</c> measured: medians over the repeats, on this machine, in this process.</summary>
internal sealed record BenchReport(
    string Processor,
    int Cores,
    int VectorBits,
    string Runtime,
    int Repeats,
    double TrainUpdatesPerSecond,
    double FastUpdatesPerSecond,
    double ReferenceUpdatesPerSecond,
    IReadOnlyList<BenchCellRate> Cells,
    BenchEvalTimes ExhaustiveEvalMs,
    double TimeToSolveMs,
    long? SolvedAt,
    int SolveChecks,
    BenchCalcTimes CalcMs)
{
    /// <summary>sweep --seeds 0..99 --prove false, one network per vector lane.</summary>
    public BenchSweep? Sweep { get; init; }
}

/// <summary>
/// <c>sweep --seeds 0..N-1 --prove false</c> on the tutorial's settings: the updates of all its runs, network-updates
/// per second on one core (process CPU time, checks included), the whole sweep's wall time on all cores, and how
/// many networks a vector trains at once.
/// </summary>
internal sealed record BenchSweep(int Seeds, long Updates, double NetworkUpdatesPerSecond, double AllCoresMs, int NetworksPerVector);

/// <summary>Training updates per second of a cell with its documented defaults (hidden 16, 8 bits), on one core: as <c>train</c> runs it, and with <c>--fast</c>.</summary>
internal sealed record BenchCellRate(string Cell, int Hidden, double UpdatesPerSecond, double FastUpdatesPerSecond);

/// <summary>Exhaustive 8-bit evaluation times in milliseconds: the tutorial's 32,896 pairs and the full range's 65,536.</summary>
internal sealed record BenchEvalTimes(double Tutorial, double Full);

/// <summary>
/// calc on the default networks in milliseconds (wall time, all cores), beside BigInteger doing the same as the
/// floor: a 1000-digit × 1000-digit product and a 2000-digit ÷ 1000-digit quotient. The *Cpu times are the
/// process's CPU time over all threads, which a busy machine does not inflate as it does wall time.
/// </summary>
internal sealed record BenchCalcTimes(double Multiply, double MultiplyCpu, double MultiplyBigInteger, double Divide, double DivideCpu, double DivideBigInteger);
