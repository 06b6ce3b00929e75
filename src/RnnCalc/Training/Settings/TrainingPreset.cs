using RnnCalc.Printing;

namespace RnnCalc.Training.Settings;

/// <summary>
/// A named set of setting values that reproduces a published run, and the script whose print format
/// <c>--format reference</c> then uses. Values given beside a preset override its own (<see cref="With"/>).
/// </summary>
public sealed class TrainingPreset
{
    private TrainingPreset(string name, string description, ReferenceScript script, IReadOnlyDictionary<TrainingSetting, object?> values)
    {
        Name = name;
        Description = description;
        Script = script;
        Values = values;
    }

    /// <summary>The tutorial's run: 8-bit subtraction, seed 0, 16 hidden units, α 0.9, weights ±0.05, h0 = 0.1, 10,000 updates.</summary>
    public static TrainingPreset Tutorial { get; } = new("tutorial", "the tutorial's subtraction run", ReferenceScript.Tutorial, new Dictionary<TrainingSetting, object?>
    {
        [TrainingSettings.Cell] = "sigmoid",
        [TrainingSettings.Seed] = 0L,
        [TrainingSettings.Hidden] = 16L,
        [TrainingSettings.Iterations] = 10_000L,
        [TrainingSettings.LearningRate] = 0.9,
        [TrainingSettings.PrintEvery] = 800L,
        [TrainingSettings.Operation] = "subtract",
        [TrainingSettings.Bits] = 8L,
        [TrainingSettings.Range] = "tutorial",
        [TrainingSettings.InitScale] = null,
        [TrainingSettings.InitialHidden] = null,
        [TrainingSettings.Optimizer] = "sgd",
        [TrainingSettings.Batch] = 1L,
    });

    /// <summary>
    /// Trask's binary-addition post, the tutorial's run with his differences: a and b each below 2^7 (the full range at
    /// 7 bits: 8 steps, the carry out trained), α 0.1, weights ±1, h0 = 0, a progress block every 1,000 updates.
    /// </summary>
    public static TrainingPreset Trask { get; } = new("trask", "Trask's addition post", ReferenceScript.Trask, Tutorial.With(new Dictionary<TrainingSetting, object?>
    {
        [TrainingSettings.LearningRate] = 0.1,
        [TrainingSettings.PrintEvery] = 1_000L,
        [TrainingSettings.Operation] = "add",
        [TrainingSettings.Bits] = 7L,
        [TrainingSettings.Range] = "full",
        [TrainingSettings.InitScale] = 1.0,
        [TrainingSettings.InitialHidden] = 0.0,
    }));

    /// <summary>Every preset, as <c>--preset</c> lists them.</summary>
    public static IReadOnlyList<TrainingPreset> All { get; } = [Tutorial, Trask];

    /// <summary>As typed after <c>--preset</c>.</summary>
    public string Name { get; }

    /// <summary>What it reproduces, in a few words.</summary>
    public string Description { get; }

    /// <summary>The script <c>--format reference</c> prints as.</summary>
    internal ReferenceScript Script { get; }

    /// <summary>The preset's value of each setting it sets, as the schema's <see cref="TrainingSetting.Parse"/> gives them.</summary>
    public IReadOnlyDictionary<TrainingSetting, object?> Values { get; }

    /// <summary>The preset named <paramref name="name"/>, or null.</summary>
    public static TrainingPreset? Find(string? name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>The preset's values with <paramref name="given"/> on top: what <see cref="TrainingSettings.Build"/> takes.</summary>
    public IReadOnlyDictionary<TrainingSetting, object?> With(IReadOnlyDictionary<TrainingSetting, object?> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var values = new Dictionary<TrainingSetting, object?>(Values);
        foreach (var (setting, value) in given)
        {
            values[setting] = value;
        }
        return values;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
