using System.Text.Json;
using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Verification;

/// <summary>
/// Writes a proof as a certificate for the independent checker (<c>rnncalc check</c>):
/// <c>{"format":"rnncalc-certificate","version":1,"model":{…},"initial":0,"regions":[…],"transitions":[…]}</c>.
/// <c>model</c> is the model file exactly as <c>--save</c> writes it; each region is a box (<c>lower</c>, <c>upper</c>)
/// over the cell's whole state (an LSTM's h, then c) or the image of region <c>from</c> under <c>input</c> (a lookahead
/// node, which the checker recomputes from its parent), with <c>reference</c>, the borrow or carry it stands for; each transition is
/// <c>{"from","input":"ab","to","output"}</c>, one per region and input pair.
/// </summary>
internal static class CertificateFile
{
    public const string Format = "rnncalc-certificate";

    /// <summary>
    /// Why a proof of <paramref name="cell"/> has no certificate, in one line (null when it has one). Every cell's
    /// proofs have one, as long as their lookahead nodes were followed in the form the independent checker
    /// (RnnCalc.Checker) recomputes them in: affine forms for the tutorial's and the tanh cell, boxes through the
    /// gates for GRU and LSTM. A proof in another form may hold where the checker's images are wider; its certificate
    /// would be rejected, so none is written.
    /// </summary>
    public static string? NotCovered(Network.Cells.Cell cell, ProofInvariant invariant)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(invariant);
        var (checkedForm, name) = AffineCell.Serves(cell) ? (typeof(AffineLookahead), "affine forms") : (typeof(BoxLookahead), "boxes");
        return invariant.LookaheadForms.FirstOrDefault(form => form != checkedForm) is { } other
            ? $"the independent checker follows a {cell.Name} proof's lookahead as {name}, and this proof follows it as {other.Name}"
            : null;
    }

    /// <summary>
    /// Why the certificate of <paramref name="result"/> (with <paramref name="robustness"/>'s radius, when there is one)
    /// would not be written, in one line; null when it would be, or when nothing was proven. A weight radius is certified
    /// for the tutorial's cell only: the checker bounds its effect on a pre-activation with every |h| ≤ 1, where the
    /// gated cells' box steps bound it with each box's own states, more tightly, so their radius proofs would be rejected.
    /// </summary>
    public static string? NotCovered(Network.Cells.Cell cell, VerificationResult result, Robustness? robustness = null)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Proof(result, robustness) is not { } invariant ? null
            : robustness is { Radius: > 0, Invariant: not null } && cell != Network.Cells.Cell.Sigmoid
                ? $"the independent checker certifies a weight radius for the tutorial's cell only, not for this {cell.Name} proof's radius (verify without --robustness for its certificate)"
                : NotCovered(cell, invariant);
    }

    /// <summary>The proof a certificate is written for: the robustness radius's, when there is one, else the verdict's (null when not proven).</summary>
    public static ProofInvariant? Proof(VerificationResult result, Robustness? robustness = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return robustness is { Radius: > 0, Invariant: { } robust } ? robust : result.Invariant;
    }

    public static void Save(string path, TrainedModel model, VerificationResult result, Robustness? robustness = null) =>
        AtomicFile.WriteAllBytes(path, Serialize(model, result, robustness));

    /// <summary>The proof's certificate; with a <paramref name="robustness"/> radius, its proof and <c>weightRadius</c> instead.</summary>
    public static byte[] Serialize(TrainedModel model, VerificationResult result, Robustness? robustness = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(result);
        var invariant = Proof(result, robustness) ?? throw new ArgumentException("Only a proof has a certificate.", nameof(result));
        if (NotCovered(model.Network.Cell, result, robustness) is { } notCovered)
        {
            throw new ArgumentException(notCovered, nameof(result));
        }
        var robust = robustness is { Radius: > 0, Invariant: not null };
        var machine = invariant.Machine;
        var reference = ReferenceOf(machine, MealyMachine.Reference(result.Operation));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", 1);
            json.WritePropertyName("model");
            json.WriteRawValue(ModelFile.Serialize(model));
            json.WriteNumber("initial", 0);
            if (robust)
            {
                json.WriteNumber("weightRadius", robustness!.Radius);
            }
            json.WriteStartArray("regions");
            for (var s = 0; s < machine.States; s++)
            {
                var region = invariant.Regions[s];
                json.WriteStartObject();
                json.WriteNumber("id", s);
                json.WriteNumber("reference", reference[s]);
                if (region.Box is { } box)
                {
                    WriteNumbers(json, "lower", box.Lo);
                    WriteNumbers(json, "upper", box.Hi);
                }
                else
                {
                    json.WriteNumber("from", region.From);
                    json.WriteString("input", InputPair.Label(region.Pair));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("transitions");
            for (var s = 0; s < machine.States; s++)
            {
                for (var pair = 0; pair < InputPair.Count; pair++)
                {
                    json.WriteStartObject();
                    json.WriteNumber("from", s);
                    json.WriteString("input", InputPair.Label(pair));
                    json.WriteNumber("to", machine.Next(s, pair));
                    json.WriteNumber("output", machine.Output(s, pair));
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The reference state each abstract state is reached in (well defined, since the proof agrees with the reference).</summary>
    private static int[] ReferenceOf(MealyMachine machine, MealyMachine reference)
    {
        var state = new int[machine.States];
        Array.Fill(state, -1);
        state[0] = 0;
        var queue = new Queue<int>([0]);
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var (t, r) = (machine.Next(s, pair), reference.Next(state[s], pair));
                if (state[t] < 0)
                {
                    state[t] = r;
                    queue.Enqueue(t);
                }
                else if (state[t] != r)
                {
                    throw new InvalidOperationException("The abstraction does not follow the reference machine.");
                }
            }
        }
        return state;
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, double[] values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteNumberValue(v);
        }
        json.WriteEndArray();
    }
}
