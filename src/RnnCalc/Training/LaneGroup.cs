using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;
using RnnCalc.Random;

namespace RnnCalc.Training;

/// <summary>
/// <see cref="LaneTrainer"/> at one vector width: the lanes' interleaved buffers, and for each lane the bookkeeping
/// of <see cref="Trainer.Step"/> (generator, updates, streak, collapse, checks, solvedAt), in the same order.
/// Buffers are allocated once; an update allocates nothing (a check, or a lane taking a new seed, does).
/// </summary>
internal sealed class LaneGroup<TVector, TLanes>
    where TVector : struct
    where TLanes : struct, ILanes<TVector>
{
    // The run in progress: the seeds, where the next comes from, where results go, and how many lanes are busy.
    private IReadOnlyList<uint> _seeds = [];
    private Func<int> _next = () => -1;
    private Action<int, TrainedModel> _done = (_, _) => { };
    private CancellationToken _cancellation;
    private int _active;

    private readonly TrainingConfig _config;
    private readonly TrainerOptions _options;
    private readonly Arithmetic.ProblemSet _problems;

    /// <summary>Hidden units, steps per problem, lanes per vector, weights per network.</summary>
    private readonly int _hidden, _steps, _n, _weightCount;

    /// <summary>(weights, lanes): every lane's network in its flat order, and the update being summed.</summary>
    private readonly double[] _weights, _update;

    /// <summary>(steps, lanes): each lane's problem as bits a, b and target.</summary>
    private readonly double[] _x0, _x1, _y;

    /// <summary>(steps+1, H, lanes) hidden states; (steps, lanes) outputs and output deltas; (lanes) errors; (2×H, lanes) scratch.</summary>
    private readonly double[] _states, _outputs, _deltas, _error, _scratch;

    private readonly Lane[] _lanes;

    public LaneGroup(TrainingConfig config, TrainerOptions options)
    {
        _config = config;
        _options = options;
        _problems = config.Problems;
        _hidden = config.Hidden;
        _steps = _problems.Steps;
        _n = TLanes.Count;
        _weightCount = ((RecurrentNetwork.InputSize + 1) * _hidden) + (_hidden * _hidden);
        _weights = new double[_weightCount * _n];
        _update = new double[_weightCount * _n];
        _x0 = new double[_steps * _n];
        _x1 = new double[_steps * _n];
        _y = new double[_steps * _n];
        _states = new double[(_steps + 1) * _hidden * _n];
        _outputs = new double[_steps * _n];
        _deltas = new double[_steps * _n];
        _error = new double[_n];
        _scratch = new double[2 * _hidden * _n];
        _lanes = [.. Enumerable.Range(0, _n).Select(_ => new Lane(_steps))];
    }

    /// <summary>Lanes with a run in progress.</summary>
    public int Active => _active;

    public void Run(IReadOnlyList<uint> seeds, Func<int> next, Action<int, TrainedModel> done, CancellationToken cancellation)
    {
        Start(seeds, next, done, cancellation);
        while (_active > 0 && !cancellation.IsCancellationRequested)
        {
            Step();
        }
    }

    /// <summary>Fills every lane with a seed from <paramref name="next"/>.</summary>
    public void Start(IReadOnlyList<uint> seeds, Func<int> next, Action<int, TrainedModel> done, CancellationToken cancellation = default)
    {
        (_seeds, _next, _done, _cancellation) = (seeds, next, done, cancellation);
        for (var l = 0; l < _n; l++)
        {
            Fill(l);
        }
    }

    /// <summary>One update of every lane; lanes whose runs stop are reported and take the next seed.</summary>
    public void Step()
    {
        for (var l = 0; l < _n; l++)
        {
            Draw(l);
        }
        NetworkLanes.TrainStep<TVector, TLanes>(
            _hidden, _steps, _config.EffectiveInitialHidden, _config.Exp, _config.LearningRate,
            _weights, _update, _x0, _x1, _y, _states, _outputs, _deltas, _error, _scratch);
        var bounded = Bounded();
        for (var l = 0; l < _n; l++)
        {
            var lane = _lanes[l];
            if (lane.Index < 0)
            {
                continue;
            }
            if (!double.IsFinite(_error[l]) || (bounded & (1u << l)) == 0)
            {
                // The update would diverge: the trainer keeps the last good weights and says so; let it run this seed.
                _done(lane.Index, new Trainer(_config with { Seed = lane.Seed }, _options).Run(cancellation: _cancellation));
                Fill(l);
                continue;
            }
            if (Learned(l))
            {
                _done(lane.Index, Model(l));
                Fill(l);
            }
        }
    }

    /// <summary>Trainer.Step's bookkeeping after the update, for lane l; true when its run is finished.</summary>
    private bool Learned(int l)
    {
        var lane = _lanes[l];
        lane.LastError = _error[l];
        var right = true;
        var stuck = true;
        for (var t = 0; t < _steps; t++)
        {
            var k = (t * _n) + l;
            right &= (_outputs[k] > 0.5 ? (byte)1 : (byte)0) == lane.Sequence.Target[t];
            stuck &= Math.Abs(_deltas[k]) <= Trainer.SaturatedDelta;
        }
        lane.Streak = right ? lane.Streak + 1 : 0;
        lane.Saturated = lane.Streak == 0 && stuck ? lane.Saturated + 1 : 0;
        lane.Collapsed |= lane.Saturated >= Trainer.CollapseAfter;
        lane.Updates++;
        if (_config.EffectiveCheckEvery is { } every && lane.Updates % every == 0
            && !(_config.CheckEvery is null && lane.Streak < Trainer.StreakBeforeCheck))
        {
            CopyOut(l, lane.Network);
            if (lane.SolvedAt is null && BatchEvaluator.SolvesExhaustive(lane.Network, _problems))
            {
                lane.SolvedAt = lane.Updates;
            }
        }
        return lane.Updates >= _config.Iterations || lane.Collapsed || lane.SolvedAt is not null;
    }

    /// <summary>Lane l takes the next seed: a fresh network and generator, as <see cref="Trainer"/>'s constructor makes them.</summary>
    private void Fill(int l)
    {
        var lane = _lanes[l];
        if (lane.Index >= 0)
        {
            lane.Index = -1;
            _active--;
        }
        while (true)
        {
            var index = _next();
            if (index < 0)
            {
                // No seed left: the lane idles on zero weights and zero inputs, which stay finite.
                for (var k = 0; k < _weightCount; k++)
                {
                    _weights[(k * _n) + l] = 0;
                }
                for (var t = 0; t < _steps; t++)
                {
                    _x0[(t * _n) + l] = _x1[(t * _n) + l] = _y[(t * _n) + l] = 0;
                }
                return;
            }
            var seed = _seeds[index];
            if (_config.Iterations <= 0)
            {
                _done(index, new Trainer(_config with { Seed = seed }, _options).Run(cancellation: _cancellation));
                continue;
            }
            lane.Start(index, seed, _config);
            _active++;
            var weights = lane.Network.Weights;
            for (var k = 0; k < _weightCount; k++)
            {
                _weights[(k * _n) + l] = weights[k];
            }
            return;
        }
    }

    private void Draw(int l)
    {
        var lane = _lanes[l];
        if (lane.Index < 0)
        {
            return;
        }
        var problem = _problems.Draw(lane.Random!);
        _problems.Encode(problem, lane.Sequence);
        for (var t = 0; t < _steps; t++)
        {
            var k = (t * _n) + l;
            _x0[k] = lane.Sequence.A[t];
            _x1[k] = lane.Sequence.B[t];
            _y[k] = lane.Sequence.Target[t];
        }
    }

    /// <summary>One bit per lane: every weight within ±limit (NaN fails), as the trainer's bound check.</summary>
    private uint Bounded()
    {
        var limit = TLanes.Create(_options.WeightLimit);
        var bits = (1u << _n) - 1;
        for (var k = 0; k < _weights.Length; k += _n)
        {
            bits &= TLanes.LessThanOrEqualBits(TLanes.Abs(TLanes.Load(in _weights[k])), limit);
        }
        return bits;
    }

    private void CopyOut(int l, RecurrentNetwork network)
    {
        var weights = network.Weights;
        for (var k = 0; k < _weightCount; k++)
        {
            weights[k] = _weights[(k * _n) + l];
        }
    }

    private TrainedModel Model(int l)
    {
        var lane = _lanes[l];
        CopyOut(l, lane.Network);
        var summary = new TrainingSummary(lane.Updates, lane.LastError, lane.SolvedAt, lane.Updates, Diverged: false, ProvenAt: null);
        return new TrainedModel(_config with { Seed = lane.Seed }, lane.Network.Clone(), summary);
    }

    /// <summary>One lane's run: which seed, its generator and network, and the trainer's counters.</summary>
    private sealed class Lane(int steps)
    {
        public int Index { get; set; } = -1;

        public uint Seed { get; private set; }

        public NumpyRandom? Random { get; private set; }

        public RecurrentNetwork Network { get; private set; } = null!;

        public BitSequence Sequence { get; } = new(steps);

        public long Updates { get; set; }

        public long Streak { get; set; }

        public int Saturated { get; set; }

        public bool Collapsed { get; set; }

        public long? SolvedAt { get; set; }

        public double LastError { get; set; }

        public void Start(int index, uint seed, TrainingConfig config)
        {
            Index = index;
            Seed = seed;
            Random = new NumpyRandom(seed);
            Network = RecurrentNetwork.Initialize(config.Cell, Random, config.Hidden, config.EffectiveInitScale, config.EffectiveInitialHidden, config.Exp);
            Updates = 0;
            Streak = 0;
            Saturated = 0;
            Collapsed = false;
            SolvedAt = null;
            LastError = double.NaN;
        }
    }
}
