using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// A certified radius: every network whose weights are each within <see cref="Radius"/> of these is right for every
/// input of every length, proven by the same search with the weights' uncertainty carried through every step
/// (interval weights, bounded through states in [0, 1]).
/// </summary>
/// <param name="Radius">The largest radius tried that closed (0 when none did).</param>
/// <param name="Invariant">That proof's regions, for a certificate with the radius.</param>
/// <param name="Elapsed">Time the search for the radius took.</param>
internal sealed record Robustness(double Radius, ProofInvariant? Invariant, TimeSpan Elapsed)
{
    /// <summary>Radii tried grow tenfold from this, then are bisected (on a log scale) between the last that closed and the first that did not.</summary>
    public const double SmallestRadius = 1e-9;

    private const double LargestRadius = 1;

    private const int Bisections = 4;

    /// <summary>The radius for a proven network (null when <paramref name="proof"/> is not a proof).</summary>
    public static Robustness? Certify(RecurrentNetwork network, VerificationResult proof, VerifyOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(proof);
        options ??= VerifyOptions.Default;
        if (!proof.Proven || proof.Attempts.LastOrDefault(a => a.Closed) is not { } closed)
        {
            return null;
        }
        var clock = VerificationClock.StartNew();
        var reference = MealyMachine.Reference(proof.Operation);
        ProofInvariant? Try(double radius)
        {
            var attempt = new ProofSearch(network, closed.Width, closed.Depth, options.MaxAbstractStates, clock, options.TimeLimit, cancellation, radius).Run();
            return attempt.Closed && attempt.Machine!.ShortestDifference(reference) is null ? attempt.Invariant : null;
        }
        var (good, goodInvariant, bad) = (0.0, (ProofInvariant?)null, LargestRadius);
        for (var radius = SmallestRadius; radius <= LargestRadius; radius *= 10)
        {
            if (Try(radius) is not { } invariant)
            {
                bad = radius;
                break;
            }
            (good, goodInvariant) = (radius, invariant);
        }
        for (var i = 0; i < Bisections && good > 0; i++)
        {
            var middle = Math.Sqrt(good * bad);
            if (Try(middle) is { } invariant)
            {
                (good, goodInvariant) = (middle, invariant);
            }
            else
            {
                bad = middle;
            }
        }
        return new Robustness(good, goodInvariant, clock.Elapsed);
    }
}
