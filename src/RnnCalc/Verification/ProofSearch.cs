using System.Globalization;
using RnnCalc.Network;
using RnnCalc.Random;

namespace RnnCalc.Verification;

/// <summary>
/// Builds boxes from the initial state outward until they close. Each box's image under each input pair (interval
/// arithmetic) must land in a box: an existing one that holds it, the nearest one grown to hold it (while it stays
/// within <see cref="ProofAttempt.Width"/>), or a new one. An image too wide to land is followed as an affine form
/// for up to <see cref="ProofAttempt.Depth"/> more steps, since the dynamics contract over several steps even where one
/// step stretches a box; those lookahead nodes become abstract states too. A grown box is explored again. When
/// nothing is left to explore, every reachable hidden state lies in some state's set (induction on length) and
/// every transition's output is certain.
/// </summary>
internal sealed class ProofSearch
{
    private const int IndexedUnits = 3;

    /// <summary>
    /// Images must land this far inside a box and outputs stay this far from 0.5, so that the independent checker,
    /// which rounds differently, retraces every step with room to spare.
    /// </summary>
    private const double CheckerMargin = 1e-9;

    private readonly RecurrentNetwork _network;
    private readonly IntervalStep _step;
    /// <summary>The affine lookahead's chain of forms, reused for every box (null for the gated cells).</summary>
    private readonly AffineLookahead? _lookahead;
    private readonly double _width;
    private readonly int _depth;
    private readonly double _pad;
    private readonly int _maxStates;
    private readonly VerificationClock _clock;
    private readonly TimeSpan _deadline;
    private readonly CancellationToken _cancellation;

    private readonly List<Box> _boxes = [];
    private readonly List<int[]> _boxWitness = [];
    private readonly List<int> _boxState = [];
    private readonly List<bool> _queued = [];
    private readonly Queue<int> _queue = new();
    private readonly BoxIndex _index;
    private readonly List<int> _near = [];

    // Every abstract state (box or lookahead node) has 4 transitions: next state, bit, margin.
    private readonly List<int> _next = [];
    private readonly List<byte> _bit = [];
    private readonly List<double> _margin = [];

    // Per abstract state: its box, or (−1) a lookahead node, the image of state _from under input _image.
    private readonly List<int> _stateBox = [];
    private readonly List<int> _from = [];
    private readonly List<int> _image = [];

    private readonly List<int> _path = [];

    // The forms lookahead nodes were followed in, which a certificate names (CertificateFile).
    private readonly HashSet<Type> _lookaheadForms = [];
    private int[] _base = [];
    private string? _failure;
    private int[]? _failureWitness;

    private readonly double _weightRadius;
    private readonly IReadOnlyList<RefinementZone> _zones;
    private readonly int _collect;
    private readonly List<Box> _failedRegions = [];
    private readonly List<bool> _failedInZone = [];
    private bool _inZone;
    private bool _stopped;
    private string? _firstFailure;
    private int[]? _firstWitness;

    public ProofSearch(RecurrentNetwork network, double width, int depth, int maxStates, VerificationClock clock, TimeSpan deadline, CancellationToken cancellation, double weightRadius = 0, IReadOnlyList<RefinementZone>? zones = null, int collect = 0)
    {
        _collect = collect;
        _weightRadius = weightRadius;
        _zones = zones ?? [];
        _network = network;
        _step = new IntervalStep(network, weightRadius);
        var affine = AffineCell.Of(network);
        _lookahead = affine is null ? null : AffineLookahead.For(affine, weightRadius);
        _width = width;
        _depth = depth;
        // Opened and grown boxes get a margin, so images that stick out a little later land without growing them again.
        _pad = width / 25;
        _maxStates = maxStates;
        _clock = clock;
        _deadline = deadline;
        _cancellation = cancellation;
        _index = new BoxIndex(BoxIndex.WidestUnits(SampleStates(network), IndexedUnits), width);
    }

    public ProofAttempt Run()
    {
        var started = _clock.Elapsed;
        var initial = Box.Point(NetworkStep.Initial(_network));
        Pad(initial, CheckerMargin);
        NewBox(initial, []);
        var image = new Box(_step.StateSize);
        while (_queue.Count > 0 && _failure is null && (_collect == 0 || _failedRegions.Count < _collect))
        {
            var b = _queue.Dequeue();
            _queued[b] = false;
            if (!CheckLimits())
            {
                break;
            }
            Explore(b, image);
        }
        if (_failure is not null || _firstFailure is not null)
        {
            return new ProofAttempt(_width, _depth, false, null, _boxes.Count, 0, _firstFailure ?? _failure, _firstWitness ?? _failureWitness, _clock.Elapsed - started)
            {
                FailedRegions = _failedRegions,
                FailedInZone = _failedInZone,
                Stopped = _stopped,
            };
        }
        var (machine, invariant) = Compact();
        return new ProofAttempt(_width, _depth, true, machine, _boxes.Count, machine.States, null, null, _clock.Elapsed - started) { Invariant = invariant };
    }

    private void Explore(int b, Box image)
    {
        // A copy: if this box grows while it is explored it is queued again, and these transitions are redone.
        var box = _boxes[b].Clone();
        var state = _boxState[b];
        _base = _boxWitness[b];
        for (var pair = 0; pair < InputPair.Count && _failure is null; pair++)
        {
            _path.Clear();
            _path.Add(pair);
            var output = _step.Image(box, pair, image);
            if (Decided(output) is { } bit)
            {
                Pad(image, CheckerMargin);
                var target = Land(image);
                if (target >= 0)
                {
                    SetTransition(state, pair, _boxState[target], bit, output.Margin);
                    continue;
                }
            }
            var (next, nextBit, margin) = Lookahead(_lookahead is not null ? _lookahead.Load(box) : new BoxLookahead(box, _step), state, pair, 1);
            if (_failure is null)
            {
                SetTransition(state, pair, next, nextBit, margin);
            }
        }
        // Collecting: this box's failure is noted (where to refine) and the search goes on to find the others.
        if (_failure is not null && !_stopped && _failedRegions.Count < _collect)
        {
            _failedRegions.Add(_boxes[b].Clone());
            _failedInZone.Add(_inZone);
            _firstFailure ??= _failure;
            _firstWitness ??= _failureWitness;
            (_failure, _failureWitness) = (null, null);
        }
    }

    /// <summary>Follows an image (an affine form, or a box for the gated cells) until it lands in a box; returns the transition into it.</summary>
    private (int State, int Bit, double Margin) Lookahead(ILookaheadForm from, int fromState, int pair, int depth)
    {
        var (image, output) = from.Step(pair);
        if (Decided(output) is not { } bit)
        {
            _inZone = false;
            Fail(string.Create(CultureInfo.InvariantCulture, $"output uncertain: {Describe(output)} after {InputPair.Format(Word())}"));
            return default;
        }
        var bounds = image.Bounds();
        Pad(bounds, CheckerMargin);
        var target = Land(bounds);
        if (target >= 0)
        {
            return (_boxState[target], bit, output.Margin);
        }
        if (depth >= _depth)
        {
            // An image narrow enough for the attempt's boxes but not for a refinement zone's: the zone's doing.
            _inZone = _failure is null && bounds.Width <= _width;
            Fail(string.Create(CultureInfo.InvariantCulture, $"boxes blow up: {_depth} steps after a box the image is still {bounds.Width:0.###} wide (boxes up to {_width:0.###}), after {InputPair.Format(Word())}"));
            return default;
        }
        if (!CheckLimits())
        {
            return default;
        }
        var node = NewState();
        (_from[node], _image[node]) = (fromState, pair);
        _lookaheadForms.Add(image.GetType());
        for (var next = 0; next < InputPair.Count && _failure is null; next++)
        {
            _path.Add(next);
            var (state, nextBit, margin) = Lookahead(image, node, next, depth + 1);
            _path.RemoveAt(_path.Count - 1);
            if (_failure is null)
            {
                SetTransition(node, next, state, nextBit, margin);
            }
        }
        return (node, bit, output.Margin);
    }

    /// <summary>The box the image lands in (found, grown or new), or −1 when it is too wide to land.</summary>
    private int Land(Box image)
    {
        _index.Near(image, 0, _near);
        foreach (var b in _near)
        {
            if (_boxes[b].Contains(image))
            {
                return b;
            }
        }
        var limit = WidthAt(image);
        if (!(image.Width <= limit))
        {
            return -1;
        }
        var padded = image.Clone();
        Pad(padded, limit == _width ? _pad : limit / 25);
        _index.Near(image, limit, _near);
        var (best, bestWidth) = (-1, double.PositiveInfinity);
        foreach (var b in _near)
        {
            var w = _boxes[b].HullWidth(image);
            if (w < bestWidth)
            {
                (best, bestWidth) = (b, w);
            }
        }
        var grown = best >= 0 && bestWidth <= limit ? _boxes[best].Clone() : null;
        grown?.Include(padded);
        if (grown is not null && (_zones.Count == 0 || bestWidth <= WidthAt(grown)))
        {
            var before = _boxes[best];
            _boxes[best] = grown;
            _index.File(best, _boxes[best], before);
            if (!_queued[best])
            {
                _queued[best] = true;
                _queue.Enqueue(best);
            }
            return best;
        }
        return NewBox(padded, Word());
    }

    /// <summary>The largest width a box overlapping <paramref name="box"/> may have: the attempt's, or a refinement zone's.</summary>
    private double WidthAt(Box box)
    {
        var limit = _width;
        foreach (var zone in _zones)
        {
            if (zone.Width < limit && zone.Region.Intersects(box))
            {
                limit = zone.Width;
            }
        }
        return limit;
    }

    private void Pad(Box box, double margin) => box.Pad(margin, _step.StateFloor, _step.StateCeiling);

    private int NewBox(Box box, int[] witness)
    {
        var b = _boxes.Count;
        _boxes.Add(box);
        _boxWitness.Add(witness);
        var state = NewState();
        _boxState.Add(state);
        _stateBox[state] = b;
        _queued.Add(true);
        _queue.Enqueue(b);
        _index.File(b, box);
        return b;
    }

    private int NewState()
    {
        var s = _next.Count / InputPair.Count;
        for (var pair = 0; pair < InputPair.Count; pair++)
        {
            _next.Add(-1);
            _bit.Add(0);
            _margin.Add(0);
        }
        _stateBox.Add(-1);
        _from.Add(-1);
        _image.Add(-1);
        return s;
    }

    private void SetTransition(int state, int pair, int next, int bit, double margin)
    {
        var i = (state * InputPair.Count) + pair;
        _next[i] = next;
        _bit[i] = (byte)bit;
        _margin[i] = margin;
    }

    private bool CheckLimits()
    {
        _cancellation.ThrowIfCancellationRequested();
        if (_next.Count / InputPair.Count > _maxStates)
        {
            _stopped = true;
            Fail(string.Create(CultureInfo.InvariantCulture, $"more than {_maxStates:N0} abstract states"));
        }
        else if (_clock.Elapsed > _deadline)
        {
            _stopped = true;
            Fail("time limit reached");
        }
        return _failure is null;
    }

    private void Fail(string reason)
    {
        _failure ??= reason;
        _failureWitness ??= Word();
    }

    /// <summary>The input from the initial state to where the current exploration is.</summary>
    private int[] Word() => [.. _base, .. _path];

    /// <summary>The bit every output in the interval rounds to, when it is clear of 0.5 by the checker's margin.</summary>
    private static int? Decided(Interval output) => output.Margin > CheckerMargin ? output.CertainBit : null;

    private static string Describe(Interval output) => string.Create(CultureInfo.InvariantCulture, $"[{output.Lo:0.####}, {output.Hi:0.####}]");

    /// <summary>The states reachable from the initial box, renumbered breadth-first (garbage from re-explored boxes dropped).</summary>
    private (MealyMachine Machine, ProofInvariant Invariant) Compact()
    {
        var count = _next.Count / InputPair.Count;
        var number = new int[count];
        Array.Fill(number, -1);
        var order = new List<int> { 0 };
        number[0] = 0;
        for (var i = 0; i < order.Count; i++)
        {
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var t = _next[(order[i] * InputPair.Count) + pair];
                if (number[t] < 0)
                {
                    number[t] = order.Count;
                    order.Add(t);
                }
            }
        }
        var regions = new List<ProofRegion>(order.Count);
        foreach (var old in order)
        {
            regions.Add(_stateBox[old] >= 0 ? new ProofRegion(_boxes[_stateBox[old]], -1, -1) : new ProofRegion(null, number[_from[old]], _image[old]));
        }
        var next = new int[order.Count * InputPair.Count];
        var bit = new byte[next.Length];
        var margin = new double[next.Length];
        for (var i = 0; i < order.Count; i++)
        {
            for (var pair = 0; pair < InputPair.Count; pair++)
            {
                var from = (order[i] * InputPair.Count) + pair;
                var to = (i * InputPair.Count) + pair;
                next[to] = number[_next[from]];
                bit[to] = _bit[from];
                margin[to] = _margin[from];
            }
        }
        var machine = new MealyMachine(next, bit, margin);
        return (machine, new ProofInvariant(machine, regions) { LookaheadForms = _lookaheadForms });
    }

    /// <summary>Hidden states along a few random inputs, to choose the units the grid is built on.</summary>
    private static List<double[]> SampleStates(RecurrentNetwork network)
    {
        var random = new NumpyRandom(0);
        var states = new List<double[]>();
        for (var walk = 0; walk < 32; walk++)
        {
            var h = NetworkStep.Initial(network);
            for (var t = 0; t < 24; t++)
            {
                var next = new double[network.Cell.StateSize(network.Hidden)];
                NetworkStep.Run(network, h, random.NextInt(InputPair.Count), next);
                states.Add(next);
                h = next;
            }
        }
        return states;
    }
}
