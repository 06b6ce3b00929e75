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

    public Option<double> LearningRate { get; } = OptionFactory.Double("--learning-rate", "Step size α", 0.9, 0, 1e6);

    public Option<long> PrintEvery { get; } = OptionFactory.Long("--print-every", "Report every N updates", 800, 1, long.MaxValue);

    public Option<string> Operation { get; } = OptionFactory.Choice("--op", "Operation to learn", "subtract", [.. RnnCalc.Arithmetic.Operation.All.Select(o => o.Name)]);

    public Option<int> Bits { get; } = OptionFactory.Int("--bits", "Training width N in bits", 8, 1, 30);

    public Option<string> Range { get; } = OptionFactory.Choice("--range", "tutorial: b < 2^(N-1), a ≥ b, N steps; full: any a, b < 2^N, N+1 steps", "tutorial", "tutorial", "full");

    public Option<double> InitScale { get; } = OptionFactory.Double("--init-scale", "Initial weights are uniform in [-s, s)", 0.05, 0, 1e3);

    public Option<double> InitialHidden { get; } = OptionFactory.Double("--initial-hidden", "Initial value of every hidden unit", 0.1, -1e3, 1e3);

    public Option<string> Exp { get; } = OptionFactory.Choice("--exp", "exp in the sigmoid: numpy's on AVX-512 processors, or the C library's", "numpy-avx512", "numpy-avx512", "libm");

    public IEnumerable<Option> All => [Seed, Hidden, Iterations, LearningRate, PrintEvery, Operation, Bits, Range, InitScale, InitialHidden, Exp];

    public TrainingConfig Read(ParseResult parse)
    {
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
        };
    }
}
