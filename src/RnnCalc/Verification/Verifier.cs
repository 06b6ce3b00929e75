using System.Diagnostics;
using System.Globalization;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;

namespace RnnCalc.Verification;

/// <summary>
/// Proves a network right for every input of every length, or says why not: an exhaustive 8-bit check, extraction
/// of the machine it seems to implement (and its shortest disagreement with the reference, run on the real network),
/// then the interval proof with refinement, then a search for a counterexample when no proof closes.
/// </summary>
public static class Verifier
{
    /// <summary>The width of the exhaustive check that must pass before anything is called proven.</summary>
    public const int ExhaustiveBits = 8;

    /// <summary>Checks that <paramref name="network"/> computes <paramref name="operation"/> for every input of every length: the exhaustive 8-bit check, machine extraction, then the interval proof within <paramref name="options"/>' limits (<see cref="VerifyOptions.Default"/> when null). Never throws for a wrong network: the result says why it is not proven. Throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public static VerificationResult Verify(RecurrentNetwork network, Operation operation, VerifyOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(operation);
        options ??= VerifyOptions.Default;
        // The limits are read on the thread's CPU time; the result reports the wall time it took.
        var wall = Stopwatch.StartNew();
        var clock = VerificationClock.StartNew();
        var reference = MealyMachine.Reference(operation);
        var attempts = new List<ProofAttempt>();

        if (!network.IsFinite() || network.Hidden > options.MaxHidden)
        {
            var trivial = new MealyMachine(new int[InputPair.Count], new byte[InputPair.Count], new double[InputPair.Count]);
            var refusal = network.IsFinite()
                ? string.Create(CultureInfo.InvariantCulture, $"hidden size {network.Hidden} is above {options.MaxHidden}: not attempted")
                : "the weights are not all finite numbers";
            return new VerificationResult(operation, false, refusal, trivial, 0, 0, null, attempts, wall.Elapsed);
        }

        var extraction = Extraction.Run(network, options.ExtractionRadius, options.ExtractionMaxClusters, cancellation);
        var extracted = extraction.Machine.Minimise().Machine;
        VerificationResult NotProven(string reason, Counterexample? counterexample) =>
            new(operation, false, reason, extracted, extraction.Clusters, 0, counterexample, attempts, wall.Elapsed)
            {
                ReferenceStates = ReferenceStatesOf(extracted, reference),
            };

        var exhaustive = BatchEvaluator.Exhaustive(network, new ProblemSet(operation, ExhaustiveBits, TrainingRange.Tutorial), maxDegreeOfParallelism: 1);
        if (!exhaustive.AllCorrect)
        {
            var failure = exhaustive.FirstFailures[0];
            var counterexample = Counterexample.FromWord(network, operation, FirstWrongPrefix(network, operation, failure));
            return NotProven(
                string.Create(CultureInfo.InvariantCulture, $"wrong on {exhaustive.Pairs - exhaustive.Correct:N0} of the {exhaustive.Pairs:N0} {ExhaustiveBits}-bit pairs"),
                counterexample);
        }

        var disagreement = extracted.ShortestDifference(reference);
        if (disagreement is not null
            && Counterexample.FromWord(network, operation, Falsifier.Shorten(network, operation, disagreement)) is { } extractedCounterexample)
        {
            return NotProven("the extracted machine differs from the reference, and the network is wrong where it does", extractedCounterexample);
        }

        // A found input, shortened and confirmed by the calculator, ends the verification.
        VerificationResult? WrongOn(int[]? found) =>
            found is not null && Falsifier.Shorten(network, operation, found) is var shortened && Counterexample.FromWord(network, operation, shortened) is { } wrong
                ? NotProven(string.Create(CultureInfo.InvariantCulture, $"the network goes wrong at step {wrong.FirstWrongStep + 1} of some inputs"), wrong) with
                {
                    Pattern = CounterexamplePattern.Of(network, operation, shortened),
                }
                : null;

        // A short search first: networks that forget a borrow on long inputs are caught before the costly proof.
        // Every input of up to 3 steps continued periodically covers "a prefix, then one pair (or two, or three) over and over".
        if (WrongOn(Falsifier.Search(network, operation, ShortWords(3), 0, options.FalsifierLength / 4, clock, options.TimeLimit, cancellation)) is { } early)
        {
            return early;
        }

        // The random walks cost as much as a quick proof and at first solve catch about one wrong network in a
        // hundred, so they wait for the first attempt that fails: a network the first attempt proves never needs them.
        var walked = false;
        VerificationResult? Walked()
        {
            if (walked)
            {
                return null;
            }
            walked = true;
            return WrongOn(Falsifier.Search(network, operation, [], options.FalsifierWalks / 10, options.FalsifierLength / 4, clock, options.TimeLimit, cancellation));
        }

        // Where a proof breaks down is where to look: the input into the trouble, continued periodically.
        VerificationResult? GuidedBy(ProofAttempt failed) =>
            (failed.Witness is { } witness ? WrongOn(Falsifier.Search(network, operation, [witness], 0, options.FalsifierLength, clock, options.TimeLimit, cancellation)) : null) ?? Walked();

        // Every cell has its interval step (the gated cells' through their gates, on boxes over the whole state).
        for (var a = 0; a < options.Attempts.Count; a++)
        {
            if (clock.Elapsed > options.TimeLimit)
            {
                break;
            }
            var (width, depth) = options.Attempts[a];
            // The attempt refinement starts from notes the box it fails in: it is refinement's first round.
            var refinable = a == options.RefineAfter && options.RefinementRounds > 0;
            var attempt = new ProofSearch(network, width, depth, options.MaxAbstractStates, clock, options.TimeLimit, cancellation, collect: refinable ? 1 : 0).Run();
            if (!attempt.Closed && refinable && clock.Elapsed < options.TimeLimit)
            {
                // A wrong network is not worth refining: first the cheap search where this attempt broke down.
                attempts.Add(attempt);
                if (GuidedBy(attempt) is { } found)
                {
                    return found;
                }
                // Refine where this attempt failed, with up to two thirds of the time left: the later attempts get the rest.
                var before = clock.Elapsed;
                var (refined, rounds, zones) = ProofRefinement.Run(network, width, depth, options.RefinementRounds, options.MaxAbstractStates, clock, clock.Elapsed + ((options.TimeLimit - clock.Elapsed) * 2 / 3), cancellation, attempt);
                attempt = refined with
                {
                    Reason = refined.Closed ? null : string.Create(CultureInfo.InvariantCulture, $"{refined.Reason} (after {rounds} rounds of refinement, {zones} zones)"),
                    Refinements = rounds,
                    Elapsed = clock.Elapsed - before,
                };
            }
            attempts.Add(attempt);
            if (!attempt.Closed)
            {
                if (GuidedBy(attempt) is { } guided)
                {
                    return guided;
                }
                continue;
            }
            var machine = attempt.Machine!;
            // Deterministic, sound and with certain outputs: any disagreement with the reference is a real error.
            var wrong = machine.ShortestDifference(reference);
            if (wrong is not null)
            {
                return NotProven("the proven abstraction disagrees with the reference machine", Counterexample.FromWord(network, operation, wrong));
            }
            var minimal = machine.Minimise().Machine;
            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"sound fixed point of {attempt.AbstractStates:N0} abstract states ({attempt.Boxes:N0} boxes), every output at least {minimal.MinimumMargin:0.###} from 0.5, equivalent to the {reference.States}-state {operation.StateName} machine");
            return new VerificationResult(operation, true, reason, minimal, attempt.AbstractStates, attempt.Boxes, null, attempts, wall.Elapsed)
            {
                ReferenceStates = ReferenceStatesOf(minimal, reference),
                Invariant = attempt.Invariant,
                Certifiable = attempt.Invariant is { } invariant && CertificateFile.NotCovered(network.Cell, invariant) is null,
            };
        }

        var hints = attempts.Where(a => a.Witness is not null).Select(a => a.Witness!).ToList();
        if (disagreement is not null)
        {
            hints.Add(disagreement);
        }
        var late = Falsifier.Search(network, operation, hints, options.FalsifierWalks, options.FalsifierLength, clock, clock.Elapsed + options.FalsifierTime, cancellation);
        // Then the search guided by where the proofs failed: from the states their inputs lead to, the continuations
        // that bring the output nearest the wrong side of 0.5.
        var nearest = late is null && options.FalsifierWalks > 0 ? MarginSearch.Run(network, operation, hints, options.MarginBeam, options.MarginDepth, cancellation) : null;
        late ??= nearest?.Counterexample;
        late = late is null ? null : Falsifier.Shorten(network, operation, late);
        var foundCounterexample = late is null ? null : Counterexample.FromWord(network, operation, late);
        var why = attempts.Count == 0
            ? "time limit reached before a proof was tried"
            : string.Create(CultureInfo.InvariantCulture, $"no proof closed in {attempts.Count} attempt{(attempts.Count == 1 ? string.Empty : "s")}; the last: {attempts[^1].Reason}");
        if (nearest is { Counterexample: null } && double.IsFinite(nearest.Margin))
        {
            why += string.Create(CultureInfo.InvariantCulture, $"; no counterexample in a search of {nearest.Steps:N0} steps, whose nearest output was {nearest.Margin:0.####} from 0.5 on the right side (after {InputPair.Format(nearest.Nearest)})");
        }
        return NotProven(
            foundCounterexample is null ? why : string.Create(CultureInfo.InvariantCulture, $"the network goes wrong at step {foundCounterexample.FirstWrongStep + 1} of some inputs ({why})"),
            foundCounterexample) with
        {
            Pattern = foundCounterexample is null ? null : CounterexamplePattern.Of(network, operation, late!),
        };
    }

    /// <summary>Every input of 1 to <paramref name="length"/> steps.</summary>
    private static List<int[]> ShortWords(int length)
    {
        var words = new List<int[]>();
        var level = new List<int[]> { Array.Empty<int>() };
        for (var step = 0; step < length; step++)
        {
            level = [.. level.SelectMany(w => Enumerable.Range(0, InputPair.Count).Select(pair => (int[])[.. w, pair]))];
            words.AddRange(level);
        }
        return words;
    }

    /// <summary>The input up to the first step where the network's bit is wrong on an exhaustive-check failure.</summary>
    private static int[] FirstWrongPrefix(RecurrentNetwork network, Operation operation, Problem problem)
    {
        var reference = MealyMachine.Reference(operation);
        var h = NetworkStep.Initial(network);
        var next = new double[network.Cell.StateSize(network.Hidden)];
        var state = 0;
        var word = new List<int>();
        for (var t = 0; t < ExhaustiveBits; t++)
        {
            var pair = InputPair.Of((int)((problem.A >> t) & 1), (int)((problem.B >> t) & 1));
            word.Add(pair);
            var output = NetworkStep.Run(network, h, pair, next);
            (h, next) = (next, h);
            if ((output > 0.5 ? 1 : 0) != reference.Output(state, pair))
            {
                break;
            }
            state = reference.Next(state, pair);
        }
        return [.. word];
    }

    /// <summary>Which reference state each state of a machine behaves like on every input, if any.</summary>
    private static int?[] ReferenceStatesOf(MealyMachine machine, MealyMachine reference)
    {
        var result = new int?[machine.States];
        for (var s = 0; s < machine.States; s++)
        {
            for (var r = 0; r < reference.States && result[s] is null; r++)
            {
                if (Equivalent(machine, s, reference, r))
                {
                    result[s] = r;
                }
            }
        }
        return result;
    }

    private static bool Equivalent(MealyMachine a, int s, MealyMachine b, int r)
    {
        var seen = new HashSet<(int, int)> { (s, r) };
        var queue = new Queue<(int, int)>();
        queue.Enqueue((s, r));
        while (queue.Count > 0)
        {
            var (x, y) = queue.Dequeue();
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                if (a.Output(x, pair) != b.Output(y, pair))
                {
                    return false;
                }
                var following = (a.Next(x, pair), b.Next(y, pair));
                if (seen.Add(following))
                {
                    queue.Enqueue(following);
                }
            }
        }
        return true;
    }
}
