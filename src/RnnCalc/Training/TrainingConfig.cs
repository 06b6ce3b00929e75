using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Cells;

namespace RnnCalc.Training;

/// <summary>Every setting that determines a training run; the defaults are the tutorial's.</summary>
public sealed record TrainingConfig
{
    /// <summary>The tutorial's settings: 8-bit subtraction, sigmoid cell, 16 hidden units, seed 0, 10,000 updates at α = 0.9.</summary>
    public static TrainingConfig Tutorial { get; } = new();

    /// <summary>
    /// The documented defaults for a cell: the tutorial's for sigmoid; for the PyTorch cells settings with which
    /// <c>train --cell X --until-solved</c> solves 8-bit subtraction for seed 0.
    /// </summary>
    public static TrainingConfig For(Cell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell == Cell.Sigmoid ? Tutorial : new TrainingConfig { Cell = cell, Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Hidden = 16 };
    }

    /// <summary>The cell: the tutorial's sigmoid RNN by default.</summary>
    public Cell Cell { get; init; } = Cell.Sigmoid;

    /// <summary>np.random.seed value (0 to 2^32 − 1).</summary>
    public uint Seed { get; init; }

    /// <summary>Hidden units H (16).</summary>
    public int Hidden { get; init; } = 16;

    /// <summary>Updates to train (10,000), or the cap with <see cref="UntilSolved"/>.</summary>
    public long Iterations { get; init; } = 10_000;

    /// <summary>The learning rate α (0.9).</summary>
    public double LearningRate { get; init; } = 0.9;

    /// <summary>Updates between progress reports (800, the tutorial's <c>j % 800</c>).</summary>
    public long PrintEvery { get; init; } = 800;

    /// <summary>The operation to learn (subtract).</summary>
    public Operation Operation { get; init; } = Operation.Subtract;

    /// <summary>The training width N in bits (8).</summary>
    public int Bits { get; init; } = 8;

    /// <summary>Which pairs are drawn (the tutorial's).</summary>
    public TrainingRange Range { get; init; } = TrainingRange.Tutorial;

    /// <summary>Initial weights are uniform in [−scale, scale); null = the cell's default (the tutorial's 0.05, PyTorch's 1/√H).</summary>
    public double? InitScale { get; init; }

    /// <summary>The value every hidden unit starts a sequence with; null = the cell's default (the tutorial's 0.1, PyTorch's 0).</summary>
    public double? InitialHidden { get; init; }

    /// <summary>The scale initial weights are drawn with.</summary>
    public double EffectiveInitScale => InitScale ?? Cell.DefaultInitScale(Hidden);

    /// <summary>The value h starts every sequence with.</summary>
    public double EffectiveInitialHidden => InitialHidden ?? Cell.DefaultInitialHidden;

    /// <summary>The exp inside the sigmoid; numpy's own by default so runs match the tutorial's digits.</summary>
    public ExpKind Exp { get; init; } = ExpKind.NumpyAvx512;

    /// <summary>The optimizer (plain SGD, the tutorial's).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Sequences per update; the update is their average (1 = the tutorial's, unscaled).</summary>
    public int Batch { get; init; } = 1;

    /// <summary>Largest allowed update norm (√Σ update²); null = no clipping.</summary>
    public double? Clip { get; init; }

    /// <summary>Stop at the first exhaustive check where every pair is right.</summary>
    public bool UntilSolved { get; init; }

    /// <summary>Stop at the first check where every pair is right and the network is proven right for every length.</summary>
    public bool UntilProven { get; init; }

    /// <summary>Updates between exhaustive checks; null = no checks (with <see cref="UntilSolved"/>: 250, adaptive).</summary>
    public long? CheckEvery { get; init; }

    /// <summary>The interval checks actually use.</summary>
    public long? EffectiveCheckEvery => CheckEvery ?? (UntilSolved || UntilProven ? DefaultCheckEvery : null);

    /// <summary>Updates between exhaustive checks when stopping at solved or proven and no <see cref="CheckEvery"/> is given.</summary>
    public const long DefaultCheckEvery = 250;

    /// <summary>Trained with the float32 --fast step (single precision, not bit-exact).</summary>
    public bool Fast { get; init; }

    /// <summary>The problems drawn: <see cref="Operation"/> at <see cref="Bits"/> over <see cref="Range"/>.</summary>
    public ProblemSet Problems => new(Operation, Bits, Range);
}
