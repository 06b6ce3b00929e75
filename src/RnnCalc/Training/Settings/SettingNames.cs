using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Training.Settings;

/// <summary>
/// How ranges, optimizers and exps are spelled — on the command line, in model files, sweeps and the web API — in
/// this one place. Cells and operations spell their own (<see cref="Network.Cells.Cell.Names"/>, <see cref="Operation.All"/>).
/// </summary>
public static class SettingNames
{
    /// <summary>The range names: <c>tutorial</c>, <c>full</c>.</summary>
    public static IReadOnlyList<string> Ranges { get; } = ["tutorial", "full"];

    /// <summary>The optimizer names: <c>sgd</c>, <c>momentum</c>, <c>adam</c>.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = ["sgd", "momentum", "adam"];

    /// <summary>The exp names: <c>numpy-avx512</c>, <c>libm</c>.</summary>
    public static IReadOnlyList<string> Exps { get; } = ["numpy-avx512", "libm"];

    /// <summary>The name of a range.</summary>
    public static string Range(TrainingRange range) => range == TrainingRange.Full ? "full" : "tutorial";

    /// <summary>The name of an optimizer.</summary>
    public static string Optimizer(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Momentum => "momentum",
        OptimizerKind.Adam => "adam",
        _ => "sgd",
    };

    /// <summary>The name of an exp.</summary>
    public static string Exp(ExpKind exp) => exp == ExpKind.Libm ? "libm" : "numpy-avx512";

    /// <summary>Finds a range by name (ordinal); false for anything else.</summary>
    public static bool TryRange(string? name, out TrainingRange range)
    {
        range = name == "full" ? TrainingRange.Full : TrainingRange.Tutorial;
        return name is "full" or "tutorial";
    }

    /// <summary>Finds an optimizer by name (ordinal); false for anything else.</summary>
    public static bool TryOptimizer(string? name, out OptimizerKind kind)
    {
        kind = name switch
        {
            "momentum" => OptimizerKind.Momentum,
            "adam" => OptimizerKind.Adam,
            _ => OptimizerKind.Sgd,
        };
        return name is "sgd" or "momentum" or "adam";
    }

    /// <summary>Finds an exp by name (ordinal); false for anything else.</summary>
    public static bool TryExp(string? name, out ExpKind exp)
    {
        exp = name == "libm" ? ExpKind.Libm : ExpKind.NumpyAvx512;
        return name is "libm" or "numpy-avx512";
    }
}
