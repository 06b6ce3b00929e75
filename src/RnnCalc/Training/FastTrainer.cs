using System.Runtime.Intrinsics;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;
using RnnCalc.Random;

namespace RnnCalc.Training;

/// <summary>
/// The opt-in fast mode (<c>--fast</c>): the tutorial's algorithm and data — the same initial weights, the same
/// examples from the same random stream, one SGD update per example — in single precision with fused
/// multiply-adds, sums split four ways, and a polynomial exp (<see cref="FloatSigmoid"/>).
/// Accuracy (measured against the exact trainer, tutorial settings, seeds 0–19): it follows the exact run closely
/// at first (after 1,000 updates the recurrent weights agree to between 1e−5 and 1e−3 relative) and then drifts
/// as any other rounding would, ending at a different but equally good network. For every one of those seeds it
/// gets all 32,896 pairs of the exhaustive 8-bit set right after the tutorial's 10,000 updates, and checked every
/// 250 updates it is first fully right at the same check as the exact trainer. About 1.3× the exact trainer's
/// speed on AVX-512 (both are bound by the latency of the chain of steps, not by arithmetic).
/// It is not bit-reproducible across processors with different vector widths.
/// </summary>
public sealed class FastTrainer
{
    private readonly NumpyRandom _random;
    private readonly ProblemSet _problems;
    private readonly RecurrentNetwork _initial;
    private readonly FastWeights _weights;
    private readonly FastBuffers _buffers;
    private readonly float _learningRate;
    private readonly bool _wide;

    public FastTrainer(TrainingConfig config, bool recordHistory = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        History = recordHistory ? new TrainingHistory() : null;
        _random = new NumpyRandom(config.Seed);
        _problems = config.Problems;
        _initial = RecurrentNetwork.Initialize(config.Cell, _random, config.Hidden, config.EffectiveInitScale, config.EffectiveInitialHidden, config.Exp);
        _wide = Vector512.IsHardwareAccelerated;
        _weights = new FastWeights(_initial, _wide ? Vector512<float>.Count : Vector256<float>.Count);
        _buffers = new FastBuffers(_weights.Padded, _problems.Steps);
        _learningRate = (float)config.LearningRate;
    }

    public TrainingConfig Config { get; }

    /// <summary>Error per update and accuracy at checks, as the exact trainer records them.</summary>
    public TrainingHistory? History { get; }

    /// <summary>The update after which an exhaustive check (every <see cref="TrainingConfig.EffectiveCheckEvery"/>) first found every pair right.</summary>
    public long? SolvedAt { get; private set; }

    /// <summary>Exhaustive accuracy at the last check, if any.</summary>
    public double? LastAccuracy { get; private set; }

    /// <summary>Updates applied so far.</summary>
    public long Updates { get; private set; }

    /// <summary>Σ|y − out| of the last update's example (the tutorial's overallError), in single precision.</summary>
    public double LastError { get; private set; } = double.NaN;

    public Problem LastProblem { get; private set; }

    /// <summary>One update: the same example the exact trainer would draw, then forward, backward and SGD in floats.</summary>
    public void Step()
    {
        var problem = _problems.Draw(_random);
        var steps = _problems.Steps;
        var buffers = _buffers;
        for (var t = 0; t < steps; t++)
        {
            buffers.A[t] = buffers.InputBits[t] = (problem.A >> t) & 1;
            buffers.B[t] = buffers.InputBits[steps + t] = (problem.B >> t) & 1;
            buffers.Target[t] = (problem.Result >> t) & 1;
        }
        LastError = _wide
            ? FastKernels.Step<Vector512<float>, FloatLanes512>(_weights, buffers, steps, _learningRate)
            : FastKernels.Step<Vector256<float>, FloatLanes256>(_weights, buffers, steps, _learningRate);
        LastProblem = problem;
        Updates++;
    }

    /// <summary>Runs the remaining updates up to the configured iterations, ticking every 1,024.</summary>
    public TrainedModel Run(Action<long>? onTick = null, CancellationToken cancellation = default)
    {
        while (Updates < Config.Iterations && !cancellation.IsCancellationRequested && !(Config.UntilSolved && SolvedAt is not null))
        {
            Step();
            double? accuracy = null;
            if (Config.EffectiveCheckEvery is { } every && Updates % every == 0)
            {
                // Checks run on the double-precision copy with the exact evaluator, so "solved" means what it always means.
                var report = BatchEvaluator.Exhaustive(Network(), _problems, maxDegreeOfParallelism: 1);
                accuracy = LastAccuracy = report.Accuracy;
                if (report.AllCorrect && SolvedAt is null)
                {
                    SolvedAt = Updates;
                }
            }
            History?.Record(Updates, LastError, accuracy);
            if (onTick is not null && (Updates & 1023) == 0)
            {
                onTick(Updates);
            }
        }
        return Model();
    }

    /// <summary>The weights so far as a double-precision network (evaluate it with the exact evaluators).</summary>
    public RecurrentNetwork Network() => _weights.ToNetwork(_initial);

    public TrainedModel Model() => new(Config, Network(), new TrainingSummary(Updates, LastError, SolvedAt, Updates));
}
