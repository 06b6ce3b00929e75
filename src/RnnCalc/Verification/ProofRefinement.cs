using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// Refines a proof attempt where it fails instead of everywhere: each round runs the attempt, and the box whose
/// transitions failed (an output interval that straddles 0.5, or an image that does not land within the lookahead)
/// becomes a <see cref="RefinementZone"/> where boxes must be <see cref="Split"/> times narrower, so the next round
/// covers that part of the state space with finer boxes (and follows wider images further as affine forms) while
/// the rest keeps its coarse boxes. The proof that closes is an ordinary one (boxes and lookahead nodes), so its
/// certificate is checked like any other.
/// </summary>
internal static class ProofRefinement
{
    /// <summary>How much narrower boxes must be in a failed box's zone than its zone allowed before.</summary>
    public const double Split = 8;

    /// <summary>No zone asks for boxes narrower than the attempt's width divided by this: below it, refinement gives up.</summary>
    private const double Finest = 4096;

    /// <summary>
    /// The last round's attempt (closed when refinement succeeded) and how many rounds and zones it took. The first
    /// round, the attempt without zones, may be given as <paramref name="first"/> when it was already run collecting its
    /// failed box (it is the same search: it ends at its first failure either way).
    /// </summary>
    public static (ProofAttempt Attempt, int Rounds, int Zones) Run(
        RecurrentNetwork network,
        double width,
        int depth,
        int rounds,
        int maxStates,
        VerificationClock clock,
        TimeSpan deadline,
        CancellationToken cancellation,
        ProofAttempt? first = null)
    {
        var zones = new List<RefinementZone>();
        ProofAttempt? attempt = null;
        for (var round = 0; round < rounds; round++)
        {
            attempt = round == 0 && first is not null ? first : new ProofSearch(network, width, depth, maxStates, clock, deadline, cancellation, zones: zones, collect: 1).Run();
            if (attempt.Closed || attempt.Stopped || attempt.FailedRegions.Count == 0)
            {
                return (attempt, round + 1, zones.Count);
            }
            var failed = attempt.FailedRegions[0];
            var limit = width;
            foreach (var zone in zones)
            {
                if (zone.Region.Intersects(failed))
                {
                    limit = Math.Min(limit, zone.Width);
                }
            }
            // At most the zone's width over Split, and at least half the failed box, so that every round changes it.
            var finer = Math.Min(limit / Split, failed.Width / 2);
            if (finer < width / Finest)
            {
                return (attempt, round + 1, zones.Count);
            }
            // The zone reaches a box's width past the failed box, so its neighbours get the finer boxes too.
            var region = failed.Clone();
            region.Pad(failed.Width, double.NegativeInfinity, double.PositiveInfinity);
            zones.Add(new RefinementZone(region, finer));
        }
        return (attempt!, rounds, zones.Count);
    }
}
