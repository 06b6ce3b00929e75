using System.CommandLine;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Persistence;
using RnnCalc.Training;


namespace RnnCalc.Cli.Commands;

/// <summary>The options that make a <see cref="TrainingConfig"/>; defaults are the tutorial's.</summary>
internal sealed class TrainingOptions
{
    public Option<long> Seed { get; } = OptionFactory.Long("--seed", "np.random.seed value", 0, 0, uint.MaxValue);

    public Option<int> Hidden { get; } = OptionFactory.Int("--hidden", "Hidden units", 16, 1, ModelFile.MaxHidden);

    public Option<long> Iterations { get; } = OptionFactory.Long("--iterations", "Updates to train (one example each)", 10_000, 0, 1_000_000_000_000);

    public Option<double> LearningRate { get; } = OptionFactory.Double("--learning-rate", "Step size α", 0.9, 0, double.MaxValue);

    public Option<long> PrintEvery { get; } = OptionFactory.Long("--print-every", "Report every N updates", 800, 1, long.MaxValue);

    public Option<string> Operation { get; } = OptionFactory.Choice("--op", "Operation to learn", "subtract", [.. RnnCalc.Arithmetic.Operation.All.Select(o => o.Name)]);

    public Option<int> Bits { get; } = OptionFactory.Int("--bits", "Training width N in bits", 8, 1, 30);

    public Option<string> Range { get; } = OptionFactory.Choice("--range", "tutorial: b < 2^(N-1), a ≥ b, N steps; full: any a, b < 2^N, N+1 steps", "tutorial", "tutorial", "full");

    public Option<double> InitScale { get; } = OptionFactory.Double("--init-scale", "Initial weights are uniform in [-s, s)", 0.05, 0, 1e3);

    public Option<double> InitialHidden { get; } = OptionFactory.Double("--initial-hidden", "Initial value of every hidden unit", 0.1, -1e3, 1e3);

    public Option<string> Exp { get; } = OptionFactory.Choice("--exp", "exp in the sigmoid: numpy's on AVX-512 processors, or the C library's", "numpy-avx512", "numpy-avx512", "libm");

    public Option<string> Optimizer { get; } = OptionFactory.Choice("--optimizer", "sgd (the tutorial's), momentum or adam", "sgd", "sgd", "momentum", "adam");

    public Option<int> Batch { get; } = OptionFactory.Int("--batch", "Sequences averaged into each update", 1, 1, 1_000_000);

    public Option<double?> Clip { get; } = OptionFactory.NullableDouble("--clip", "Clip the update's norm to at most X", 0, 1e12);

    public Option<bool> UntilSolved { get; } = new("--until-solved") { Description = "Stop at the first exhaustive check where every pair is right (--iterations stays the cap)" };

    public Option<long?> CheckEvery { get; } = OptionFactory.NullableLong("--check-every", "Updates between exhaustive checks (default with --until-solved: 250, skipped while recent examples are wrong)", 1, long.MaxValue);

    public Option<bool> UntilProven { get; } = new("--until-proven") { Description = "Stop at the first check where every pair is right and 'verify' proves the network right for every length" };

    public IEnumerable<Option> All => [Seed, Hidden, Iterations, LearningRate, PrintEvery, Operation, Bits, Range, InitScale, InitialHidden, Exp, Optimizer, Batch, Clip, UntilSolved, UntilProven, CheckEvery];

    /// <summary>Training options the user typed (not defaults): with --resume only --iterations may be given.</summary>
    public IEnumerable<string> Given(ParseResult parse) =>
        All.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name);

    public TrainingConfig Read(ParseResult parse)
    {
        if (parse.GetValue(Bits) > 12 && (parse.GetValue(UntilSolved) || parse.GetValue(UntilProven)))
        {
            throw new UsageException($"--until-solved and --until-proven check every pair, which needs --bits 12 or less (got {parse.GetValue(Bits)})");
        }
        if (!RnnCalc.Arithmetic.Operation.TryParse(parse.GetValue(Operation), out var operation))
        {
            throw new UsageException($"--op must be one of: {string.Join(", ", RnnCalc.Arithmetic.Operation.All)}");
        }
        return new TrainingConfig
        {
            Seed = (uint)parse.GetValue(Seed),
            Hidden = parse.GetValue(Hidden),
            Iterations = parse.GetValue(Iterations),
            LearningRate = parse.GetValue(LearningRate),
            PrintEvery = parse.GetValue(PrintEvery),
            Operation = operation,
            Bits = parse.GetValue(Bits),
            Range = parse.GetValue(Range) == "full" ? TrainingRange.Full : TrainingRange.Tutorial,
            InitScale = parse.GetValue(InitScale),
            InitialHidden = parse.GetValue(InitialHidden),
            Exp = parse.GetValue(Exp) == "libm" ? ExpKind.Libm : ExpKind.NumpyAvx512,
            Optimizer = Enum.Parse<OptimizerKind>(parse.GetValue(Optimizer) ?? "sgd", ignoreCase: true),
            Batch = parse.GetValue(Batch),
            Clip = parse.GetValue(Clip),
            UntilSolved = parse.GetValue(UntilSolved),
            UntilProven = parse.GetValue(UntilProven),
            CheckEvery = parse.GetValue(CheckEvery),
        };
    }
}
