using System.Text.Json;

namespace RnnCalc.Checker;

/// <summary>
/// A certificate as read from JSON (see README, "Certificates"): the model, the initial region, the regions — each a
/// box (<c>lower</c>, <c>upper</c>) or the image of region <c>from</c> under <c>input</c> — and one transition per
/// region and input. Each region names the reference machine's state (borrow or carry) it stands for.
/// </summary>
internal sealed class Certificate
{
    public const string Format = "rnncalc-certificate";

    private Certificate(CheckedNetwork network, double weightRadius, int initial, List<Region> regions, Transition?[] transitions)
    {
        WeightRadius = weightRadius;
        Network = network;
        Initial = initial;
        Regions = regions;
        Transitions = transitions;
    }

    public CheckedNetwork Network { get; }

    /// <summary>How far each weight may be from the model's for the claim to hold (0: exactly the model).</summary>
    public double WeightRadius { get; }

    public int Initial { get; }

    public IReadOnlyList<Region> Regions { get; }

    /// <summary>Indexed by region·4 + input; null where the certificate has none (an obligation fails).</summary>
    public IReadOnlyList<Transition?> Transitions { get; }

    public static Certificate Read(JsonElement root)
    {
        if (ModelReader.Field(root, "format", JsonValueKind.String).GetString() != Format)
        {
            throw new CertificateException($"format is not '{Format}'");
        }
        if (ModelReader.Field(root, "version", JsonValueKind.Number).GetInt32() != 1)
        {
            throw new CertificateException("version is not 1");
        }
        var network = ModelReader.Read(ModelReader.Field(root, "model", JsonValueKind.Object));
        var regions = new List<Region>();
        foreach (var r in ModelReader.Field(root, "regions", JsonValueKind.Array).EnumerateArray())
        {
            var reference = ModelReader.Field(r, "reference", JsonValueKind.Number).GetInt32();
            regions.Add(r.TryGetProperty("lower", out _)
                ? new Region(reference, Numbers(r, "lower"), Numbers(r, "upper"), -1, -1)
                : new Region(reference, null, null, ModelReader.Field(r, "from", JsonValueKind.Number).GetInt32(), Input(r)));
        }
        var transitions = new Transition?[regions.Count * 4];
        var count = 0;
        foreach (var t in ModelReader.Field(root, "transitions", JsonValueKind.Array).EnumerateArray())
        {
            var transition = new Transition(
                count++,
                ModelReader.Field(t, "from", JsonValueKind.Number).GetInt32(),
                Input(t),
                ModelReader.Field(t, "to", JsonValueKind.Number).GetInt32(),
                ModelReader.Field(t, "output", JsonValueKind.Number).GetInt32());
            if (transition.From < 0 || transition.From >= regions.Count)
            {
                throw new ObligationException($"transition {transition.Index} leaves region {transition.From}, which does not exist");
            }
            if (transitions[(transition.From * 4) + transition.Input] is not null)
            {
                throw new ObligationException($"region {transition.From} has two transitions on input {transition.Label}");
            }
            transitions[(transition.From * 4) + transition.Input] = transition;
        }
        var radius = root.TryGetProperty("weightRadius", out _) ? ModelReader.Field(root, "weightRadius", JsonValueKind.Number).GetDouble() : 0;
        if (!(radius >= 0 && radius < 1))
        {
            throw new CertificateException("weightRadius is not in [0, 1)");
        }
        return new Certificate(network, radius, ModelReader.Field(root, "initial", JsonValueKind.Number).GetInt32(), regions, transitions);
    }

    private static double[] Numbers(JsonElement parent, string name) =>
        [.. ModelReader.Field(parent, name, JsonValueKind.Array).EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>An input pair "ab" (e.g. "01": a = 0, b = 1) as 2a + b.</summary>
    private static int Input(JsonElement parent) => ModelReader.Field(parent, "input", JsonValueKind.String).GetString() switch
    {
        "00" => 0,
        "01" => 1,
        "10" => 2,
        "11" => 3,
        var other => throw new CertificateException($"input '{other}' is not one of 00, 01, 10, 11"),
    };

    /// <summary>A box (Lower/Upper) or the image of region From under input Input.</summary>
    internal sealed record Region(int Reference, double[]? Lower, double[]? Upper, int From, int Input)
    {
        public bool IsBox => Lower is not null;
    }

    internal sealed record Transition(int Index, int From, int Input, int To, int Output)
    {
        public string Label => $"{Input >> 1}{Input & 1}";
    }
}
