using System.Text.Json;

namespace RnnCalc.Checker;

/// <summary>
/// Checks a certificate that a network computes its operation on every input of every length. Obligations:
/// the initial state (every unit at <c>initialHidden</c>) lies in the initial box, whose reference state is 0; every
/// region has one transition per input; along each, the bit is the reference machine's and the target's reference
/// state is the reference's next; the image of the region (<see cref="AffineRegion.Step"/>) emits that bit from every
/// state and lies inside the target box, or the target is that very image. By induction on the length, every hidden
/// state the network reaches lies in a region standing for the true borrow (or carry), and every bit it emits is right.
/// </summary>
public static class CertificateChecker
{
    public static CheckResult Check(ReadOnlySpan<byte> json)
    {
        Certificate certificate;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            certificate = Certificate.Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or CertificateException or FormatException or InvalidOperationException)
        {
            return new CheckResult(2, $"not a readable certificate: {e.Message.ReplaceLineEndings(" ")}", 0, 0);
        }
        catch (ObligationException e)
        {
            return new CheckResult(1, e.Message, 0, 0);
        }
        var (regions, transitions) = (certificate.Regions.Count, certificate.Transitions.Length);
        try
        {
            Obligations(certificate);
            return new CheckResult(0, $"accepted: {regions} regions, {transitions} transitions", regions, transitions) { WeightRadius = certificate.WeightRadius };
        }
        catch (Exception e) when (e is ObligationException or CertificateException)
        {
            return new CheckResult(1, e.Message, regions, transitions);
        }
    }

    /// <summary>Throws the obligation's message when it does not hold (the messages are cheap: none is formed in a hot loop).</summary>
    internal static void Holds(bool condition, string message)
    {
        if (!condition)
        {
            throw new ObligationException(message);
        }
    }

    private static void Obligations(Certificate certificate)
    {
        var (network, regions) = (certificate.Network, certificate.Regions);
        var n = network.Hidden;
        Holds(network.Operation is "subtract" or "add", $"operation '{network.Operation}' has no reference machine here");
        for (var r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            Holds(region.Reference is 0 or 1, $"region {r} stands for reference state {region.Reference}, not 0 or 1");
            Holds(!region.IsBox || (region.Lower!.Length == n && region.Upper!.Length == n && region.Lower.Zip(region.Upper).All(p => p.First <= p.Second)), $"region {r} is not a box of {n} intervals");
            Holds(region.IsBox || (region.From >= 0 && region.From < r), $"region {r} is the image of region {region.From}, which is not an earlier region");
        }
        var initial = certificate.Initial;
        Holds(initial >= 0 && initial < regions.Count && regions[initial].IsBox && regions[initial].Reference == 0, $"the initial region {initial} is not a box standing for reference state 0");
        var (h0Lo, h0Hi) = (Dyadic.Floor(network.InitialHidden), Dyadic.Ceiling(network.InitialHidden));
        // The rounding bounds take every state in [0, 1]; later ones are sigmoids, the first is this.
        Holds(h0Lo >= 0 && h0Hi <= Dyadic.One, "the initial hidden value is not in [0, 1]");
        for (var j = 0; j < n; j++)
        {
            Holds(Dyadic.Ceiling(regions[initial].Lower![j]) <= h0Lo && h0Hi <= Dyadic.Floor(regions[initial].Upper![j]), $"the initial state is not inside region {initial} (unit {j})");
        }
        for (var t = 0; t < regions.Count * 4; t++)
        {
            Logic(certificate, certificate.Transitions[t] ?? throw new ObligationException($"region {t / 4} has no transition on input {(t & 3) >> 1}{t & 1}"));
        }
        for (var r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            Holds(region.IsBox || certificate.Transitions[(region.From * 4) + region.Input]?.To == r, $"region {r} is the image of region {region.From} under {region.Input >> 1}{region.Input & 1}, but that transition goes elsewhere");
        }
        var weights = new CheckedWeights(network, certificate.WeightRadius);
        for (var r = 0; r < regions.Count; r++)
        {
            if (regions[r].IsBox)
            {
                Follow(certificate, weights, r, AffineRegion.FromBox(regions[r].Lower!, regions[r].Upper!));
            }
        }
    }

    /// <summary>The transition agrees with the reference machine, and a target that is an image is this transition's.</summary>
    private static void Logic(Certificate certificate, Certificate.Transition t)
    {
        var (regions, operation) = (certificate.Regions, certificate.Network.Operation);
        Holds(t.To >= 0 && t.To < regions.Count, $"transition {t.Index} goes to region {t.To}, which does not exist");
        var (a, b, s) = (t.Input >> 1, t.Input & 1, regions[t.From].Reference);
        var bit = a ^ b ^ s;
        var next = operation == "subtract" ? ((1 - a) & b) | ((1 - (a ^ b)) & s) : (a & b) | (s & (a ^ b));
        var target = regions[t.To];
        Holds(t.Output == bit && target.Reference == next, $"transition {t.Index} (region {t.From}, input {t.Label}) emits {t.Output} and goes to reference state {target.Reference}; {operation} emits {bit} and goes to {next}");
        Holds(target.IsBox || (target.From == t.From && target.Input == t.Input), $"transition {t.Index} goes to region {t.To}, which is the image of another region or input");
    }

    /// <summary>The numeric obligations of a region's four transitions, then of the images that are regions themselves.</summary>
    private static void Follow(Certificate certificate, CheckedWeights weights, int r, AffineRegion set)
    {
        for (var input = 0; input < 4; input++)
        {
            var t = certificate.Transitions[(r * 4) + input]!;
            var image = set.Step(weights, input >> 1, input & 1);
            if (image.OutputBit(weights) != t.Output)
            {
                throw new ObligationException($"transition {t.Index} (region {r}, input {t.Label}): the output is not certainly {t.Output}");
            }
            var target = certificate.Regions[t.To];
            if (!target.IsBox)
            {
                Follow(certificate, weights, t.To, image);
                continue;
            }
            for (var j = 0; j < image.Hidden; j++)
            {
                var (lo, hi) = image.Bounds(j);
                if (!(Dyadic.Ceiling(target.Lower![j]) <= lo && hi <= Dyadic.Floor(target.Upper![j])))
                {
                    throw new ObligationException($"transition {t.Index} (region {r}, input {t.Label}): the image leaves region {t.To} in unit {j}");
                }
            }
        }
    }
}
