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
        try
        {
            Obligations(certificate);
            return new CheckResult(0, $"accepted: {certificate.Regions.Count} regions, {certificate.Transitions.Length} transitions", certificate.Regions.Count, certificate.Transitions.Length)
            {
                WeightRadius = certificate.WeightRadius,
            };
        }
        catch (Exception e) when (e is ObligationException or CertificateException)
        {
            return new CheckResult(1, e.Message, certificate.Regions.Count, certificate.Transitions.Length);
        }
    }

    private static void Obligations(Certificate certificate)
    {
        var network = certificate.Network;
        var regions = certificate.Regions;
        var n = network.Hidden;
        if (network.Operation is not ("subtract" or "add"))
        {
            throw new ObligationException($"operation '{network.Operation}' has no reference machine here");
        }
        for (var r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            if (region.Reference is not (0 or 1))
            {
                throw new ObligationException($"region {r} stands for reference state {region.Reference}, not 0 or 1");
            }
            if (region.IsBox && (region.Lower!.Length != n || region.Upper!.Length != n || region.Lower.Zip(region.Upper).Any(p => !(p.First <= p.Second))))
            {
                throw new ObligationException($"region {r} is not a box of {n} intervals");
            }
            if (!region.IsBox && !(region.From >= 0 && region.From < r))
            {
                throw new ObligationException($"region {r} is the image of region {region.From}, which is not an earlier region");
            }
        }
        var initial = certificate.Initial;
        if (initial < 0 || initial >= regions.Count || !regions[initial].IsBox || regions[initial].Reference != 0)
        {
            throw new ObligationException($"the initial region {initial} is not a box standing for reference state 0");
        }
        var (h0Lo, h0Hi) = (Dyadic.Floor(network.InitialHidden), Dyadic.Ceiling(network.InitialHidden));
        if (h0Lo < 0 || h0Hi > Dyadic.One)
        {
            // The rounding bounds take every state in [0, 1]; later ones are sigmoids, the first is this.
            throw new ObligationException("the initial hidden value is not in [0, 1]");
        }
        var start = regions[initial];
        for (var j = 0; j < n; j++)
        {
            if (!(Dyadic.Ceiling(start.Lower![j]) <= h0Lo && h0Hi <= Dyadic.Floor(start.Upper![j])))
            {
                throw new ObligationException($"the initial state is not inside region {initial} (unit {j})");
            }
        }
        for (var r = 0; r < regions.Count; r++)
        {
            for (var input = 0; input < 4; input++)
            {
                var t = certificate.Transitions[(r * 4) + input] ?? throw new ObligationException($"region {r} has no transition on input {input >> 1}{input & 1}");
                Logic(certificate, network.Operation, t);
            }
        }
        for (var r = 0; r < regions.Count; r++)
        {
            if (!regions[r].IsBox && certificate.Transitions[(regions[r].From * 4) + regions[r].Input]?.To != r)
            {
                throw new ObligationException($"region {r} is the image of region {regions[r].From} under {regions[r].Input >> 1}{regions[r].Input & 1}, but that transition goes elsewhere");
            }
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
    private static void Logic(Certificate certificate, string operation, Certificate.Transition t)
    {
        var regions = certificate.Regions;
        if (t.To < 0 || t.To >= regions.Count)
        {
            throw new ObligationException($"transition {t.Index} goes to region {t.To}, which does not exist");
        }
        var (a, b, s) = (t.Input >> 1, t.Input & 1, regions[t.From].Reference);
        var bit = a ^ b ^ s;
        var next = operation == "subtract" ? ((1 - a) & b) | ((1 - (a ^ b)) & s) : (a & b) | (s & (a ^ b));
        if (t.Output != bit || regions[t.To].Reference != next)
        {
            throw new ObligationException($"transition {t.Index} (region {t.From}, input {t.Label}) emits {t.Output} and goes to reference state {regions[t.To].Reference}; {operation} emits {bit} and goes to {next}");
        }
        var target = regions[t.To];
        if (!target.IsBox && (target.From != t.From || target.Input != t.Input))
        {
            throw new ObligationException($"transition {t.Index} goes to region {t.To}, which is the image of another region or input");
        }
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
