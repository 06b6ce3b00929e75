using System.Text.Json;

namespace RnnCalc.Checker;

/// <summary>
/// A certificate as read from JSON (see README, "Certificates"): the model, the initial region, the regions — each a
/// box (<c>lower</c>, <c>upper</c>) or the image of region <c>from</c> under <c>input</c> — and one transition per
/// region and input. Each region names the reference machine's state (borrow or carry) it stands for. The model is read
/// independently of RnnCalc's reader: version 1 stores the tutorial's three matrices under <c>weights</c>; version 2
/// names the cell in <c>config.cell</c>, with the same three for the tutorial's cell and PyTorch's six tensors for the
/// tanh, GRU and LSTM cells, and may leave <c>initialHidden</c> null for the cell's default, 0.1 (tutorial) or 0.
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
        var cell = version == 2 ? Field(config, "cell", JsonValueKind.String).GetString()! : "sigmoid";
        var gates = cell switch { "sigmoid" or "tanh" => 1, "gru" => 3, "lstm" => 4, _ => 0 };
        Require(gates > 0, $"model.config.cell '{cell}' is not a cell the checker knows (sigmoid, tanh, gru, lstm)");
        var hidden = Int(config, "hidden");
        Require(hidden >= 1 && hidden <= MaxHidden, $"model.config.hidden {hidden} is out of range");
        var weights = Field(model, "weights", JsonValueKind.Object);
        var (operation, rows) = (Field(config, "operation", JsonValueKind.String).GetString()!, gates * hidden);
        var h0 = config.TryGetProperty("initialHidden", out var value) && value.ValueKind == JsonValueKind.Null ? (cell == "sigmoid" ? 0.1 : 0) : Field(config, "initialHidden", JsonValueKind.Number).GetDouble();
        if (cell != "sigmoid")
        {
            return new CheckedNetwork(operation, cell, hidden, h0, Matrix(weights, "weight_ih", rows, 2), Matrix(weights, "weight_hh", rows, hidden), Matrix(weights, "bias_ih", rows, 1), Matrix(weights, "bias_hh", rows, 1), Matrix(weights, "out.weight", 1, hidden), Matrix(weights, "out.bias", 1, 1)[0]);
        }
        // The tutorial's input (2×H) and recurrent (row i feeds unit j) matrices, in PyTorch's layout: a row per unit.
        var (input, recurrent) = (Matrix(weights, "input", 2, hidden), Matrix(weights, "recurrent", hidden, hidden));
        return new CheckedNetwork(
            operation, cell, hidden, h0, [.. Enumerable.Range(0, 2 * hidden).Select(i => input[((i & 1) * hidden) + (i >> 1)])],
            [.. Enumerable.Range(0, hidden * hidden).Select(i => recurrent[(i % hidden * hidden) + (i / hidden)])], new double[hidden], new double[hidden], Matrix(weights, "output", hidden, 1), 0);
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
/// The network a certificate is about: the operation it claims to compute, its cell (sigmoid, tanh, gru, lstm), the
/// starting hidden value h0 (an LSTM's c0 is 0), and the weights (exact doubles) in PyTorch's layout for every cell, a
/// row per gate unit, gate blocks of H rows in PyTorch's order (GRU r, z, n; LSTM i, f, g, o): input (row r's two
/// weights at [2r], [2r + 1]), recurrent (row r's H at [r·H + k]), both biases (0 for the tutorial's cell), output.
/// </summary>
internal sealed record CheckedNetwork(string Operation, string Cell, int Hidden, double InitialHidden, double[] Input, double[] Recurrent, double[] BiasIh, double[] BiasHh, double[] Output, double OutputBias)
{
    /// <summary>Numbers in a state: H, and 2H for an LSTM's h and c.</summary>
    public int State => Cell == "lstm" ? 2 * Hidden : Hidden;
}

/// <summary>
/// The certificate is rejected: an obligation of it does not hold (exit 1), or it is <paramref name="unreadable"/>:
/// not JSON, not a certificate, or a field missing or of the wrong kind (exit 2). The message says which.
/// </summary>
internal sealed class CertificateException(string message, bool unreadable = false) : Exception(message)
{
    public bool Unreadable => unreadable;
}
