using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Evaluation;

/// <summary>
/// Walks the tree of operand pairs below <see cref="PrefixRoots"/> depth first, one lane per root: lane l of a
/// vector is a node whose low bits come from root l and whose higher bits are the path walked so far, so every
/// node's state is computed once and shared by all pairs below it. Hidden states are stored by unit (H vectors of
/// lanes), so a node's sum Σ_i h[i]·Wh[i, j] runs over i in the reference's order in every lane. A parent's sum is
/// shared by its four children, which differ only in the input's share. Results equal <see cref="Evaluator"/>'s.
/// </summary>
internal sealed class PrefixWalker<TVector, TLanes>
    where TVector : struct
    where TLanes : struct, ILanes<TVector>
{
    private readonly ExhaustiveSetup _setup;
    private readonly int _h;
    private readonly int _leafDepth;
    private readonly int _rootDepth;
    private readonly int _lanes;
    private readonly uint _allLanes;
    private readonly double[] _states;
    private readonly double[] _fromHidden;
    private readonly uint[] _wrong;
    private readonly uint[] _borrow;
    private readonly long[] _rootA;
    private readonly long[] _rootB;
    private uint _rootsInOrder;

    public PrefixWalker(ExhaustiveSetup setup)
    {
        _setup = setup;
        _h = setup.Hidden;
        _leafDepth = setup.Problems.Steps;
        _rootDepth = setup.Roots.Depth;
        _lanes = TLanes.Count;
        _allLanes = (1u << _lanes) - 1;
        _states = new double[(_leafDepth + 1) * _h * _lanes];
        _fromHidden = new double[(_leafDepth + 1) * _h * _lanes];
        _wrong = new uint[_leafDepth + 1];
        _borrow = new uint[_leafDepth + 1];
        _rootA = new long[_lanes];
        _rootB = new long[_lanes];
        Tally = new EvaluationTally(_leafDepth, Evaluator.MaxFailuresKept);
    }

    /// <summary>The counts of the walk in progress (a fresh one per <see cref="Walk"/>).</summary>
    private EvaluationTally Tally { get; set; }

    /// <summary>All pairs below roots group·lanes … group·lanes + lanes − 1 whose next steps are the prefix's digits.</summary>
    public EvaluationTally Walk(int group, int prefixLength, int prefix)
    {
        Tally = new EvaluationTally(_leafDepth, Evaluator.MaxFailuresKept);
        WalkInto(group, prefixLength, prefix);
        return Tally;
    }

    private void WalkInto(int group, int prefixLength, int prefix)
    {
        var roots = _setup.Roots;
        var h = _h;
        var lanes = _lanes;
        var stateBlock = h * lanes;
        Array.Clear(_wrong);
        _borrow[_rootDepth] = 0;
        _rootsInOrder = 0;
        for (var l = 0; l < lanes; l++)
        {
            var node = (group * lanes) + l;
            for (var i = 0; i < h; i++)
            {
                _states[(_rootDepth * stateBlock) + (i * lanes) + l] = roots.States[(node * h) + i];
            }
            for (var d = 1; d <= _rootDepth; d++)
            {
                _wrong[d] |= (uint)((roots.Wrong[node] >> (d - 1)) & 1) << l;
            }
            _borrow[_rootDepth] |= (uint)roots.Borrow[node] << l;
            _rootA[l] = PrefixRoots.LowA(node);
            _rootB[l] = PrefixRoots.LowB(node);
            if (_rootB[l] <= _rootA[l])
            {
                _rootsInOrder |= 1u << l;
            }
        }
        if (_setup.StopAtFirstFailure && (_wrong.AsSpan(1, _rootDepth).ContainsAnyExcept(0u)))
        {
            _setup.Stop();
            return;
        }
        var depth = _rootDepth;
        long aPath = 0, bPath = 0;
        for (var s = 0; s < prefixLength; s++)
        {
            var digit = (prefix >> (2 * s)) & 3;
            FromHidden(depth);
            Child(depth, digit);
            aPath |= (long)(digit & 1) << s;
            bPath |= (long)(digit >> 1) << s;
            depth++;
            if (_setup.StopAtFirstFailure && _wrong[depth] != 0)
            {
                _setup.Stop();
                return;
            }
        }
        Visit(depth, aPath, bPath);
    }

    private void Visit(int depth, long aPath, long bPath)
    {
        if (_setup.Stopped)
        {
            return;
        }
        FromHidden(depth);
        var next = depth + 1;
        var problems = _setup.Problems;
        if (next == _leafDepth && problems.Range == TrainingRange.Full)
        {
            // The sign step: both operands are non-negative, so their sign extensions are 0.
            Child(depth, 0);
            Leaf(_allLanes, aPath, bPath);
            return;
        }
        var shift = depth - _rootDepth;
        for (var digit = 0; digit < 4; digit++)
        {
            int a = digit & 1, b = digit >> 1;
            var valid = _allLanes;
            if (next == _leafDepth && problems.Range == TrainingRange.Tutorial)
            {
                // b ≤ a decided by the top bits, else by the rest: the path's shared bits, then each root's.
                valid = a == b ? (bPath < aPath ? _allLanes : bPath > aPath ? 0 : _rootsInOrder) : a > b ? _allLanes : 0;
                if (valid == 0)
                {
                    continue;
                }
            }
            Child(depth, digit);
            var nextA = aPath | ((long)a << shift);
            var nextB = bPath | ((long)b << shift);
            if (next == _leafDepth)
            {
                Leaf(valid, nextA, nextB);
            }
            else if (_setup.StopAtFirstFailure && _wrong[next] != 0)
            {
                _setup.Stop();
                return;
            }
            else
            {
                Visit(next, nextA, nextB);
            }
            if (_setup.Stopped)
            {
                return;
            }
        }
    }

    /// <summary>Counts the pairs in the valid lanes of a leaf vector.</summary>
    private void Leaf(uint valid, long aPath, long bPath)
    {
        var anyWrong = 0u;
        for (var d = 1; d <= _leafDepth; d++)
        {
            anyWrong |= _wrong[d];
        }
        var failing = anyWrong & valid;
        var tally = Tally;
        tally.Pairs += BitOperations.PopCount(valid);
        tally.Correct += BitOperations.PopCount(valid & ~anyWrong);
        if (failing == 0)
        {
            return;
        }
        if (_setup.StopAtFirstFailure)
        {
            _setup.Stop();
            return;
        }
        for (var d = 1; d <= _leafDepth; d++)
        {
            tally.BitErrors[d - 1] += BitOperations.PopCount(_wrong[d] & valid);
        }
        var bits = _setup.Problems.Bits;
        while (failing != 0)
        {
            var l = BitOperations.TrailingZeroCount(failing);
            failing &= failing - 1;
            var a = _rootA[l] | (aPath << _rootDepth);
            var b = _rootB[l] | (bPath << _rootDepth);
            tally.Failures.Offer((a << bits) | b);
        }
    }

    private void FromHidden(int depth)
    {
        var block = depth * _h * _lanes;
        LaneSums.FromHidden<TVector, TLanes>(
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_states), block),
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_fromHidden), block),
            _setup.RecurrentTransposed,
            _h);
    }

    /// <summary>
    /// The child for one bit pair of every lane at a depth: its hidden state, the emitted bit against the
    /// reference machine's, and the machine's next borrow or carry.
    /// </summary>
    private void Child(int depth, int digit)
    {
        var h = _h;
        var lanes = _lanes;
        var next = depth + 1;
        ref var f = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_fromHidden), depth * h * lanes);
        ref var s = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_states), next * h * lanes);
        ref var input = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_setup.InputShares), digit * h);
        ref var w1 = ref MemoryMarshal.GetArrayDataReference(_setup.Output);
        var exp = _setup.Exp;
        TVector dot;
        if (exp == ExpKind.NumpyAvx512)
        {
            var valid = TLanes.AllBitsSet;
            var state = VectorNumpyExp.SigmoidFlagged<TVector, TLanes>(TLanes.Add(TLanes.Create(input), TLanes.Load(in f)), ref valid);
            TLanes.Store(state, ref s);
            dot = TLanes.Multiply(state, TLanes.Create(w1));
            for (var j = 1; j < h; j++)
            {
                var z = TLanes.Add(TLanes.Create(Unsafe.Add(ref input, j)), TLanes.Load(in Unsafe.Add(ref f, j * lanes)));
                state = VectorNumpyExp.SigmoidFlagged<TVector, TLanes>(z, ref valid);
                TLanes.Store(state, ref Unsafe.Add(ref s, j * lanes));
                dot = TLanes.Add(dot, TLanes.Multiply(state, TLanes.Create(Unsafe.Add(ref w1, j))));
            }
            if (!TLanes.IsAllBitsSet(valid))
            {
                dot = CheckedChild(ref f, ref s, ref input, ref w1, exp);
            }
        }
        else
        {
            dot = CheckedChild(ref f, ref s, ref input, ref w1, exp);
        }
        var one = LaneSums.EmittedBits<TVector, TLanes>(dot, _allLanes, exp);
        var borrow = _borrow[depth];
        var (bit1, next1) = _setup.Transition(digit, 1);
        var (bit0, next0) = _setup.Transition(digit, 0);
        var target = (bit1 != 0 ? borrow : 0) | (bit0 != 0 ? ~borrow & _allLanes : 0);
        _borrow[next] = (next1 != 0 ? borrow : 0) | (next0 != 0 ? ~borrow & _allLanes : 0);
        _wrong[next] = (one ^ target) & _allLanes;
    }

    /// <summary>The child's states and output sum with the sigmoid checked lane by lane (off numpy's fast path, or libm).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TVector CheckedChild(ref double f, ref double s, ref double input, ref double w1, ExpKind exp)
    {
        var lanes = _lanes;
        var dot = TLanes.Create(0);
        for (var j = 0; j < _h; j++)
        {
            var z = TLanes.Add(TLanes.Create(Unsafe.Add(ref input, j)), TLanes.Load(in Unsafe.Add(ref f, j * lanes)));
            var state = VectorNumpyExp.Sigmoid<TVector, TLanes>(z, exp);
            TLanes.Store(state, ref Unsafe.Add(ref s, j * lanes));
            var product = TLanes.Multiply(state, TLanes.Create(Unsafe.Add(ref w1, j)));
            dot = j == 0 ? product : TLanes.Add(dot, product);
        }
        return dot;
    }
}
