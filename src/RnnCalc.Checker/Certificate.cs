using System.Text.Json;

namespace RnnCalc.Checker;

/// <summary>
/// A certificate as read from JSON (see README, "Certificates"): the model, the initial region, the regions — each a
/// box (<c>lower</c>, <c>upper</c>) or the image of region <c>from</c> under <c>input</c> — and one transition per
/// region and input. Each region names the reference machine's state (borrow or carry) it stands for. The model is read
/// independently of RnnCalc's reader: version 1 stores the tutorial's three matrices under <c>weights</c>; version 2
/// names the cell in <c>config.cell</c> (only the tutorial's sigmoid cell has certificates) with the same three
/// tensors, and may leave <c>initialHidden</c> null for the cell's default, 0.1.
/// </summary>
internal sealed record Certificate(CheckedNetwork Network, double WeightRadius, int Initial, List<Certificate.Region> Regions, Certificate.Transition?[] Transitions)
{
    private const int MaxHidden = 4096;
    private static readonly string?[] Inputs = ["00", "01", "10", "11"];

    public static Certificate Read(JsonElement root)
    {
        Require(Field(root, "format", JsonValueKind.String).GetString() == "rnncalc-certificate", "format is not 'rnncalc-certificate'");
        Require(Int(root, "version") == 1, "version is not 1");
        var network = ReadModel(Field(root, "model", JsonValueKind.Object));
        var regions = Field(root, "regions", JsonValueKind.Array).EnumerateArray().Select(r => r.TryGetProperty("lower", out _)
            ? new Region(Int(r, "reference"), Numbers(Field(r, "lower", JsonValueKind.Array)), Numbers(Field(r, "upper", JsonValueKind.Array)), -1, -1)
            : new Region(Int(r, "reference"), null, null, Int(r, "from"), Input(r))).ToList();
        // Indexed by region·4 + input; null where the certificate has none (an obligation fails).
        var transitions = new Transition?[regions.Count * 4];
        var count = 0;
        foreach (var t in Field(root, "transitions", JsonValueKind.Array).EnumerateArray())
        {
            var transition = new Transition(count++, Int(t, "from"), Input(t), Int(t, "to"), Int(t, "output"));
            CertificateChecker.Holds(transition.From >= 0 && transition.From < regions.Count, $"transition {transition.Index} leaves region {transition.From}, which does not exist");
            CertificateChecker.Holds(transitions[(transition.From * 4) + transition.Input] is null, $"region {transition.From} has two transitions on input {Label(transition.Input)}");
            transitions[(transition.From * 4) + transition.Input] = transition;
        }
        // How far each weight may be from the model's for the claim to hold (0: exactly the model).
        var radius = root.TryGetProperty("weightRadius", out _) ? Field(root, "weightRadius", JsonValueKind.Number).GetDouble() : 0;
        Require(radius >= 0 && radius < 1, "weightRadius is not in [0, 1)");
        return new Certificate(network, radius, Int(root, "initial"), regions, transitions);
    }

    private static CheckedNetwork ReadModel(JsonElement model)
    {
        Require(Field(model, "format", JsonValueKind.String).GetString() == "rnncalc-model", "model.format is not 'rnncalc-model'");
        var version = Int(model, "version");
        Require(version is 1 or 2, $"model.version {version} is not supported");
        var config = Field(model, "config", JsonValueKind.Object);
        var cell = version == 2 ? Field(config, "cell", JsonValueKind.String).GetString() : "sigmoid";
        Require(cell == "sigmoid", $"model.config.cell '{cell}' has no certificates; the checker knows the tutorial's sigmoid cell");
        var hidden = Int(config, "hidden");
        Require(hidden >= 1 && hidden <= MaxHidden, $"model.config.hidden {hidden} is out of range");
        var weights = Field(model, "weights", JsonValueKind.Object);
        return new CheckedNetwork(
            Field(config, "operation", JsonValueKind.String).GetString()!,
            hidden,
            config.TryGetProperty("initialHidden", out var h0) && h0.ValueKind == JsonValueKind.Null ? 0.1 : Field(config, "initialHidden", JsonValueKind.Number).GetDouble(),
            Matrix(weights, "input", 2, hidden),
            Matrix(weights, "recurrent", hidden, hidden),
            Matrix(weights, "output", hidden, 1));
    }

    /// <summary>A matrix as its rows one after another.</summary>
    private static double[] Matrix(JsonElement weights, string name, int rows, int columns)
    {
        var matrix = Field(weights, name, JsonValueKind.Array);
        Require(matrix.GetArrayLength() == rows && matrix.EnumerateArray().All(row => row.ValueKind == JsonValueKind.Array && row.GetArrayLength() == columns), $"model.weights.{name} is not {rows} rows of {columns} numbers");
        return [.. matrix.EnumerateArray().SelectMany(Numbers)];
    }

    private static void Require(bool condition, string message) => CertificateChecker.Holds(condition, message, unreadable: true);

    /// <summary>A required member of the given kind.</summary>
    private static JsonElement Field(JsonElement parent, string name, JsonValueKind kind) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == kind ? value
            : throw new CertificateException($"'{name}' is missing or not a{(kind is JsonValueKind.Array or JsonValueKind.Object ? "n" : string.Empty)} {kind.ToString().ToLowerInvariant()}", unreadable: true);

    private static int Int(JsonElement parent, string name) => Field(parent, name, JsonValueKind.Number).GetInt32();

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>The input 2a + b as the pair "ab" (total: messages are formed before their condition is known).</summary>
    public static string Label(int input) => $"{input >> 1}{input & 1}";

    /// <summary>An input pair "ab" (e.g. "01": a = 0, b = 1) as 2a + b.</summary>
    private static int Input(JsonElement parent) => Field(parent, "input", JsonValueKind.String).GetString() is var s && Array.IndexOf(Inputs, s) >= 0
        ? Array.IndexOf(Inputs, s) : throw new CertificateException($"input '{s}' is not one of 00, 01, 10, 11", unreadable: true);

    /// <summary>A box (Lower/Upper) or the image of region From under input Input.</summary>
    internal sealed record Region(int Reference, double[]? Lower, double[]? Upper, int From, int Input)
    {
        public bool IsBox => Lower is not null;
    }

    internal sealed record Transition(int Index, int From, int Input, int To, int Output);
}

/// <summary>
/// The network a certificate is about: the operation it claims to compute, the starting hidden value, and the weights
/// (exact doubles) in the tutorial's layout — input (2×H), recurrent (H×H, row i feeds unit j at [i·H + j]), output (H).
/// </summary>
internal sealed record CheckedNetwork(string Operation, int Hidden, double InitialHidden, double[] Input, double[] Recurrent, double[] Output);

/// <summary>
/// The certificate is rejected: an obligation of it does not hold (exit 1), or it is <paramref name="unreadable"/>:
/// not JSON, not a certificate, or a field missing or of the wrong kind (exit 2). The message says which.
/// </summary>
internal sealed class CertificateException(string message, bool unreadable = false) : Exception(message)
{
    public bool Unreadable => unreadable;
}
