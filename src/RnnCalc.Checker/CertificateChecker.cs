using System.Text.Json;

namespace RnnCalc.Checker;

/// <summary>
/// Checks a certificate that a network computes its operation on every input of every length. Obligations:
/// the initial state (h at <c>initialHidden</c>, an LSTM's c at 0) lies in the initial box, whose reference state is 0;
/// every region has one transition per input; along each, the bit is the reference machine's and the target's reference
/// state is the reference's next; the image of the region (<see cref="ICheckedSet.Step"/>: an affine form for the
/// tutorial's and the tanh cell, a box through the gates for GRU and LSTM) emits that bit from every state and lies
/// inside the target box, or the target is that very image. By induction on the length, every hidden
/// state the network reaches lies in a region standing for the true borrow (or carry), and every bit it emits is right.
/// </summary>
public static class CertificateChecker
{
    /// <summary>Reads the certificate (UTF-8 JSON) and checks every obligation, stopping at the first that fails.</summary>
    public static CheckResult Check(ReadOnlySpan<byte> json)
    {
        Certificate? certificate = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            certificate = Certificate.Read(document.RootElement);
            Obligations(certificate);
            var (regions, transitions) = (certificate.Regions.Count, certificate.Transitions.Length);
            return new CheckResult(0, $"accepted: {regions} regions, {transitions} transitions", regions, transitions, certificate.WeightRadius);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or CertificateException { Unreadable: true })
        {
            return new CheckResult(2, $"not a readable certificate: {e.Message.ReplaceLineEndings(" ")}", 0, 0);
        }
        catch (CertificateException e)
        {
            return new CheckResult(1, e.Message, certificate?.Regions.Count ?? 0, certificate?.Transitions.Length ?? 0);
        }
    }

    /// <summary>Throws the message when the condition does not hold (formed once per transition and unit at most: nothing beside the transition's step).</summary>
    internal static void Holds(bool condition, string message, bool unreadable = false)
    {
        if (!condition)
        {
            throw new CertificateException(message, unreadable);
        }
    }

    private static void Obligations(Certificate certificate)
    {
        var (network, regions) = (certificate.Network, certificate.Regions);
        var n = network.State;
        Holds(network.Operation is "subtract" or "add", $"operation '{network.Operation}' has no reference machine here");
        for (var r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            Holds(region.Reference is 0 or 1, $"region {r} stands for reference state {region.Reference}, not 0 or 1");
            Holds(!region.IsBox || (region.Lower!.Length == n && region.Upper!.Length == n && region.Lower.Zip(region.Upper).All(p => p.First <= p.Second)), $"region {r} is not a box of {n} intervals");
            Holds(region.IsBox || (region.From >= 0 && region.From < r), $"region {r} is the image of region {region.From}, which is not an earlier region");
            // With the transitions' check below, an image is the target of exactly one transition: the one that makes it.
            Holds(region.IsBox || certificate.Transitions[(region.From * 4) + region.Input]?.To == r, $"region {r} is the image of region {region.From} under {Certificate.Label(region.Input)}, but that transition does not go there");
        }
        var initial = certificate.Initial;
        Holds(initial >= 0 && initial < regions.Count && regions[initial].IsBox && regions[initial].Reference == 0, $"the initial region {initial} is not a box standing for reference state 0");
        var (h0Lo, h0Hi) = (Dyadic.Floor(network.InitialHidden), Dyadic.Ceiling(network.InitialHidden));
        // The rounding bounds take every h in [0, 1] (the tutorial's) or [−1, 1]; later ones are σ or tanh outputs (or
        // products and mixes of them), the first is this.
        var floor = network.Cell == "sigmoid" ? 0 : -1;
        Holds(h0Lo >= floor * Dyadic.One && h0Hi <= Dyadic.One, $"the initial hidden value is not in [{floor}, 1]");
        for (var j = 0; j < n; j++)
        {
            // h0 in every unit of h, and an LSTM's c0 = 0.
            var (lo, hi) = j < network.Hidden ? (h0Lo, h0Hi) : (0, 0);
            Holds(Dyadic.Ceiling(regions[initial].Lower![j]) <= lo && hi <= Dyadic.Floor(regions[initial].Upper![j]), $"the initial state is not inside region {initial} (unit {j})");
        }
        // Each transition agrees with the reference machine, and a target that is an image is this transition's.
        for (var i = 0; i < regions.Count * 4; i++)
        {
            var t = certificate.Transitions[i] ?? throw new CertificateException($"region {i / 4} has no transition on input {Certificate.Label(i & 3)}");
            Holds(t.To >= 0 && t.To < regions.Count, $"transition {t.Index} goes to region {t.To}, which does not exist");
            var (a, b, s) = (t.Input >> 1, t.Input & 1, regions[t.From].Reference);
            var bit = a ^ b ^ s;
            var next = network.Operation == "subtract" ? ((1 - a) & b) | ((1 - (a ^ b)) & s) : (a & b) | (s & (a ^ b));
            var target = regions[t.To];
            Holds(t.Output == bit && target.Reference == next, $"transition {t.Index} (region {t.From}, input {Certificate.Label(t.Input)}) emits {t.Output} and goes to reference state {target.Reference}; {network.Operation} emits {bit} and goes to {next}");
            Holds(target.IsBox || (target.From == t.From && target.Input == t.Input), $"transition {t.Index} goes to region {t.To}, which is the image of another region or input");
        }
        // The numeric obligations, from every box; an image is followed from the one transition that makes it.
        var weights = new CheckedWeights(network, certificate.WeightRadius);
        foreach (var r in Enumerable.Range(0, regions.Count).Where(r => regions[r].IsBox))
        {
            var (lower, upper) = (regions[r].Lower!, regions[r].Upper!);
            Follow(certificate, weights, r, network.Cell is "gru" or "lstm" ? GatedBox.FromBox(lower, upper) : AffineRegion.FromBox(lower, upper));
        }
    }

    /// <summary>The numeric obligations of a region's four transitions, then of the images that are regions themselves.</summary>
    private static void Follow(Certificate certificate, CheckedWeights weights, int r, ICheckedSet set)
    {
        for (var input = 0; input < 4; input++)
        {
            var t = certificate.Transitions[(r * 4) + input]!;
            var image = set.Step(weights, input >> 1, input & 1);
            Holds(image.OutputBit(weights) == t.Output, $"transition {t.Index} (region {r}, input {Certificate.Label(t.Input)}): the output is not certainly {t.Output}");
            var target = certificate.Regions[t.To];
            if (!target.IsBox)
            {
                Follow(certificate, weights, t.To, image);
                continue;
            }
            for (var j = 0; j < certificate.Network.State; j++)
            {
                var (lo, hi) = image.Bounds(j);
                Holds(Dyadic.Ceiling(target.Lower![j]) <= lo && hi <= Dyadic.Floor(target.Upper![j]), $"transition {t.Index} (region {r}, input {Certificate.Label(t.Input)}): the image leaves region {t.To} in unit {j}");
            }
        }
    }
}
