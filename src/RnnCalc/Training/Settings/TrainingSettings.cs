using RnnCalc.Arithmetic;
using RnnCalc.Network.Cells;

namespace RnnCalc.Training.Settings;

/// <summary>
/// The settings schema: every training setting once, in the order they apply (the cell first: its defaults are
/// where the others start). The command line binds single values, <c>sweep</c> binds lists and takes their product,
/// the web API binds JSON; each host passes only its own <see cref="SettingLimits"/>.
/// </summary>
public static class TrainingSettings
{
    /// <summary>Largest hidden size anywhere (keeps a hostile model file from asking for gigabytes).</summary>
    public const int MaxHidden = 4096;

    /// <summary>Largest training width (30 bits keeps operands in a long and 2^30 steps apart).</summary>
    public const int MaxBits = 30;

    private const double Huge = 1e15;

    /// <summary>The cell (<c>cell</c>): sigmoid, tanh, gru or lstm.</summary>
    public static TrainingSetting Cell { get; } = new("cell", SettingKind.Choice, "Recurrent cell: sigmoid (the tutorial's), or PyTorch's tanh RNN, GRU or LSTM", 0, 0, Network.Cells.Cell.Names, false, true,
        c => c.Cell.Name, (c, v) => c with { Cell = CellNamed((string)v!) });

    /// <summary>The generator seed (<c>seed</c>), 0 to 2^32 − 1.</summary>
    public static TrainingSetting Seed { get; } = new("seed", SettingKind.Whole, "np.random.seed value", 0, uint.MaxValue, null, false, true,
        c => (long)c.Seed, (c, v) => c with { Seed = (uint)(long)v! });

    /// <summary>Hidden units (<c>hidden</c>), 1 to <see cref="MaxHidden"/>.</summary>
    public static TrainingSetting Hidden { get; } = new("hidden", SettingKind.Whole, "Hidden units", 1, MaxHidden, null, false, true,
        c => (long)c.Hidden, (c, v) => c with { Hidden = (int)(long)v! });

    /// <summary>Updates to train (<c>iterations</c>).</summary>
    public static TrainingSetting Iterations { get; } = new("iterations", SettingKind.Whole, "Updates to train (one example each; the cap with --until-solved)", 0, 1e12, null, false, false,
        c => c.Iterations, (c, v) => c with { Iterations = (long)v! });

    /// <summary>The learning rate α (<c>learning-rate</c>), above 0.</summary>
    public static TrainingSetting LearningRate { get; } = new("learning-rate", SettingKind.Number, "Step size α", 0, double.MaxValue, null, false, true,
        c => c.LearningRate, (c, v) => c with { LearningRate = (double)v! });

    /// <summary>Updates between progress reports (<c>print-every</c>).</summary>
    public static TrainingSetting PrintEvery { get; } = new("print-every", SettingKind.Whole, "Report every N updates", 1, Huge, null, false, false,
        c => c.PrintEvery, (c, v) => c with { PrintEvery = (long)v! });

    /// <summary>The operation to learn (<c>op</c>): subtract or add.</summary>
    public static TrainingSetting Operation { get; } = new("op", SettingKind.Choice, "Operation to learn", 0, 0, [.. Arithmetic.Operation.All.Select(o => o.Name)], false, true,
        c => c.Operation.Name, (c, v) => c with { Operation = Arithmetic.Operation.All.First(o => o.Name == (string)v!) }, "operation");

    /// <summary>The training width N in bits (<c>bits</c>), 1 to <see cref="MaxBits"/>.</summary>
    public static TrainingSetting Bits { get; } = new("bits", SettingKind.Whole, "Training width N in bits", 1, MaxBits, null, false, true,
        c => (long)c.Bits, (c, v) => c with { Bits = (int)(long)v! });

    /// <summary>Which pairs are drawn (<c>range</c>): tutorial or full.</summary>
    public static TrainingSetting Range { get; } = new("range", SettingKind.Choice, "tutorial: b < 2^(N-1), a ≥ b, N steps; full: any a, b < 2^N, N+1 steps", 0, 0, SettingNames.Ranges, false, true,
        c => SettingNames.Range(c.Range), (c, v) => c with { Range = SettingNames.TryRange((string)v!, out var r) ? r : TrainingRange.Tutorial });

    /// <summary>The scale s of the initial weights, uniform in [−s, s) (<c>init-scale</c>); none = the cell's.</summary>
    public static TrainingSetting InitScale { get; } = new("init-scale", SettingKind.Number, "Initial weights are uniform in [-s, s); none = the cell's (0.05 for sigmoid, 1/√H for the others)", 0, 1e3, null, true, true,
        c => c.InitScale, (c, v) => c with { InitScale = (double?)v });

    /// <summary>The initial value of every hidden unit (<c>initial-hidden</c>); none = the cell's.</summary>
    public static TrainingSetting InitialHidden { get; } = new("initial-hidden", SettingKind.Number, "Initial value of every hidden unit; none = the cell's (0.1 for sigmoid, 0 for the others)", -1e3, 1e3, null, true, true,
        c => c.InitialHidden, (c, v) => c with { InitialHidden = (double?)v });

    /// <summary>Which exp the sigmoid uses (<c>exp</c>): numpy-avx512 or libm.</summary>
    public static TrainingSetting Exp { get; } = new("exp", SettingKind.Choice, "exp in the sigmoid: numpy's on AVX-512 processors, or the C library's", 0, 0, SettingNames.Exps, false, false,
        c => SettingNames.Exp(c.Exp), (c, v) => c with { Exp = SettingNames.TryExp((string)v!, out var e) ? e : Network.ExpKind.NumpyAvx512 });

    /// <summary>The optimizer (<c>optimizer</c>): sgd, momentum or adam.</summary>
    public static TrainingSetting Optimizer { get; } = new("optimizer", SettingKind.Choice, "sgd (the tutorial's), momentum or adam", 0, 0, SettingNames.Optimizers, false, true,
        c => SettingNames.Optimizer(c.Optimizer), (c, v) => c with { Optimizer = SettingNames.TryOptimizer((string)v!, out var o) ? o : OptimizerKind.Sgd });

    /// <summary>Sequences averaged into each update (<c>batch</c>).</summary>
    public static TrainingSetting Batch { get; } = new("batch", SettingKind.Whole, "Sequences averaged into each update", 1, 1_000_000, null, false, true,
        c => (long)c.Batch, (c, v) => c with { Batch = (int)(long)v! });

    /// <summary>The largest norm of an update (<c>clip</c>); none = no clipping.</summary>
    public static TrainingSetting Clip { get; } = new("clip", SettingKind.Number, "Clip the update's norm to at most X; none = no clipping", 0, 1e12, null, true, true,
        c => c.Clip, (c, v) => c with { Clip = (double?)v });

    /// <summary>Stop at the first exhaustive check where every pair is right (<c>until-solved</c>).</summary>
    public static TrainingSetting UntilSolved { get; } = new("until-solved", SettingKind.Flag, "Stop at the first exhaustive check where every pair is right (--iterations stays the cap)", 0, 0, null, false, false,
        c => c.UntilSolved, (c, v) => c with { UntilSolved = (bool)v! });

    /// <summary>Stop at the first check where every pair is right and the network is proven (<c>until-proven</c>).</summary>
    public static TrainingSetting UntilProven { get; } = new("until-proven", SettingKind.Flag, "Stop at the first check where every pair is right and 'verify' proves the network right for every length", 0, 0, null, false, false,
        c => c.UntilProven, (c, v) => c with { UntilProven = (bool)v! });

    /// <summary>Updates between exhaustive checks (<c>check-every</c>).</summary>
    public static TrainingSetting CheckEvery { get; } = new("check-every", SettingKind.Whole, "Updates between exhaustive checks; none = no checks, or with --until-solved every 250, skipped while recent examples are wrong", 1, Huge, null, true, false,
        c => c.CheckEvery, (c, v) => c with { CheckEvery = (long?)v });

    /// <summary>Train with the float32 step (<c>fast</c>; see <see cref="Trainer.FastRefusals"/> for what it cannot train).</summary>
    public static TrainingSetting Fast { get; } = new("fast", SettingKind.Flag, "Train in single precision with fused multiply-adds (faster, not bit-exact): every cell, but not with --batch, --clip or --until-proven, and the sigmoid cell with sgd only", 0, 0, null, false, false,
        c => c.Fast, (c, v) => c with { Fast = (bool)v! });

    /// <summary>Every setting, in the order they apply.</summary>
    public static IReadOnlyList<TrainingSetting> All { get; } =
        [Cell, Seed, Hidden, Iterations, LearningRate, PrintEvery, Operation, Bits, Range, InitScale, InitialHidden, Exp, Optimizer, Batch, Clip, UntilSolved, UntilProven, CheckEvery, Fast];

    /// <summary>The setting with this command-line or JSON name.</summary>
    public static TrainingSetting? Find(string name) =>
        All.FirstOrDefault(s => s.Name == name || s.JsonName == name);

    /// <summary>A config from the cell's defaults (<see cref="TrainingConfig.For"/>) with the given values applied in schema order.</summary>
    public static TrainingConfig Build(IReadOnlyDictionary<TrainingSetting, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var cell = values.TryGetValue(Cell, out var name) && name is string n ? CellNamed(n) : Network.Cells.Cell.Sigmoid;
        var config = TrainingConfig.For(cell);
        foreach (var setting in All)
        {
            if (values.TryGetValue(setting, out var value))
            {
                config = setting.Apply(config, value);
            }
        }
        return config;
    }

    /// <summary>
    /// Every combination of the lists (the first varies slowest), each built as <see cref="Build"/> does on top of
    /// <paramref name="fixedValues"/>; stops with a <see cref="SettingException"/> past <paramref name="maxCount"/>.
    /// </summary>
    public static IReadOnlyList<TrainingConfig> Product(IReadOnlyList<(TrainingSetting Setting, IReadOnlyList<object?> Values)> lists, IReadOnlyDictionary<TrainingSetting, object?> fixedValues, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(fixedValues);
        long count = 1;
        foreach (var (_, values) in lists)
        {
            count *= values.Count;
            if (count > maxCount)
            {
                throw new SettingException(FormattableString.Invariant($"the sweep has more than {maxCount:N0} configurations"));
            }
        }
        var configs = new List<TrainingConfig>((int)count);
        var values2 = new Dictionary<TrainingSetting, object?>(fixedValues);
        var index = new int[lists.Count];
        for (var made = 0L; made < count; made++)
        {
            for (var i = 0; i < lists.Count; i++)
            {
                values2[lists[i].Setting] = lists[i].Values[index[i]];
            }
            configs.Add(Build(values2));
            for (var i = lists.Count - 1; i >= 0 && ++index[i] == lists[i].Values.Count; i--)
            {
                index[i] = 0;
            }
        }
        return configs;
    }

    private static Cell CellNamed(string name) =>
        Network.Cells.Cell.TryParse(name, out var cell) ? cell : throw new SettingException($"'{name}' is not a cell");
}
