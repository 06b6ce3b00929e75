using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnCalc.Arithmetic;
using RnnCalc.Evaluation;
using RnnCalc.Network.Cells;
using RnnCalc.Training;

namespace RnnCalc.Cli.Commands;

/// <summary>
/// The measurements behind <c>rnncalc bench</c>, each in this process after a warm-up long enough for the JIT's
/// final code, then timed <c>repeats</c> times and reported as the median. Training runs the tutorial's
/// settings (seed 0, 16 hidden units, α = 0.9, its 10,000 updates) on one core, timed by the thread's CPU time
/// where the OS reports it (so other processes on a busy machine do not count); evaluation uses every core and
/// wall time.
/// </summary>
internal static class BenchMeasurements
{
    private const int Updates = 10_000;
    private const int ReferenceUpdates = 1_000;
    private const int CellUpdates = 2_000;

    /// <summary>The sweep measured: the tutorial's settings for seeds 0 to 99, until solved, --prove false.</summary>
    private const int SweepSeeds = 100;

    public static BenchReport Run(int repeats, TimeSpan warmUp, Action<string> status, CancellationToken cancellation)
    {
        var config = TrainingConfig.Tutorial;
        status("exact training");
        var exact = Rate(Updates, repeats, warmUp, () => new Trainer(config with { Iterations = Updates }).Run(), cancellation);
        status("fast training");
        var fast = Rate(Updates, repeats, warmUp, () => new Trainer(config with { Iterations = Updates, Fast = true }).Run(), cancellation);
        status("scalar reference training");
        var reference = Rate(ReferenceUpdates, repeats, warmUp, () => new Trainer(config with { Iterations = ReferenceUpdates }, new TrainerOptions { ReferenceKernels = true }).Run(), cancellation);
        var cells = new List<BenchCellRate>();
        foreach (var cell in Cell.All)
        {
            status($"training the {cell} cell");
            var cellConfig = TrainingConfig.For(cell) with { Iterations = CellUpdates };
            var rate = Rate(CellUpdates, repeats, warmUp, () => new Trainer(cellConfig).Run(), cancellation);
            var fastRate = Rate(CellUpdates, repeats, warmUp, () => new Trainer(cellConfig with { Fast = true }).Run(), cancellation);
            cells.Add(new BenchCellRate(cell.Name, cellConfig.Hidden, rate, fastRate));
        }
        status("exhaustive evaluation");
        var network = new Trainer(config).Run(cancellation: cancellation).Network;
        var full = new ProblemSet(Operation.Subtract, 8, TrainingRange.Full);
        // All cores: wall time.
        var tutorialMs = Milliseconds(repeats, warmUp, () => BatchEvaluator.Exhaustive(network, ProblemSet.Tutorial), Wall, cancellation);
        var fullMs = Milliseconds(repeats, warmUp, () => BatchEvaluator.Exhaustive(network, full), Wall, cancellation);
        status("time to solve");
        SolveResult? solve = null;
        var solveMs = Milliseconds(repeats, warmUp, () => solve = TimeToSolve.Run(config, config.Iterations), BenchClock.Now, cancellation);
        status("sweep");
        var sweep = Sweeps(config, repeats, cancellation);
        status("long multiplication and division by the networks");
        var calc = Calc(repeats, warmUp, cancellation);
        return new BenchReport(
            ProcessorName(),
            Environment.ProcessorCount,
            Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 64,
            RuntimeInformation.FrameworkDescription,
            repeats,
            exact,
            fast,
            reference,
            cells,
            new BenchEvalTimes(tutorialMs, fullMs),
            solveMs,
            solve?.SolvedAt,
            solve?.Checks ?? 0,
            calc)
        {
            Sweep = sweep,
        };
    }

    /// <summary>
    /// <c>sweep --seeds 0..99 --prove false</c> in this process: on one core (process CPU time, so every update of
    /// every network per second, checks included) and on all cores (wall time).
    /// </summary>
    private static BenchSweep Sweeps(TrainingConfig config, int repeats, CancellationToken cancellation)
    {
        uint[] seeds = [.. Enumerable.Range(0, SweepSeeds).Select(s => (uint)s)];
        long updates = 0;
        void OneCore()
        {
            var row = Sweep.Run([config], seeds, parallelism: 1, cancellation: cancellation)[0];
            // Every run stops when solved or at the cap (the tutorial's settings neither diverge nor collapse).
            updates = row.Results.Sum(r => r.SolvedAt ?? config.Iterations);
        }
        // A sweep takes a good fraction of a second: a few repeats, one warm-up run.
        var few = Math.Min(repeats, 5);
        var oneCoreMs = Milliseconds(few, TimeSpan.Zero, OneCore, ProcessCpu, cancellation);
        var allCoresMs = Milliseconds(few, TimeSpan.Zero, () => Sweep.Run([config], seeds, Environment.ProcessorCount, cancellation: cancellation), Wall, cancellation);
        return new BenchSweep(SweepSeeds, updates, updates / (oneCoreMs / 1000), allCoresMs, Sweep.NetworksPerVector);
    }

    /// <summary>A 1000 × 1000-digit product and a 2000 ÷ 1000-digit quotient through the calculator, and by BigInteger.</summary>
    private static BenchCalcTimes Calc(int repeats, TimeSpan warmUp, CancellationToken cancellation)
    {
        var calculator = new Calculator(Operation.All.ToDictionary(op => op, op => DefaultModel.Load(op).Network));
        var random = new Random.NumpyRandom(1);
        var a = Digits(random, 1000);
        var b = Digits(random, 1000);
        var dividend = Digits(random, 2000);
        var product = Expression.Parse($"{a} * {b}", 8192);
        var quotient = Expression.Parse($"{dividend} / {a}", 8192);
        // Each network run is a good fraction of a second: a few repeats, and one warm-up run.
        var slow = Math.Min(repeats, 3);
        var warmOnce = TimeSpan.Zero;
        return new BenchCalcTimes(
            Milliseconds(slow, warmOnce, () => calculator.Calculate(product), Wall, cancellation),
            Milliseconds(slow, warmOnce, () => calculator.Calculate(product), ProcessCpu, cancellation),
            Milliseconds(repeats, warmUp, () => _ = a * b, Wall, cancellation),
            Milliseconds(slow, warmOnce, () => calculator.Calculate(quotient), Wall, cancellation),
            Milliseconds(slow, warmOnce, () => calculator.Calculate(quotient), ProcessCpu, cancellation),
            Milliseconds(repeats, warmUp, () => _ = dividend / a, Wall, cancellation));
    }

    /// <summary>A random integer of exactly <paramref name="digits"/> decimal digits.</summary>
    private static BigInteger Digits(Random.NumpyRandom random, int digits)
    {
        var text = new char[digits];
        for (var i = 0; i < digits; i++)
        {
            text[i] = (char)('0' + (i == 0 ? 1 + random.NextInt(9) : random.NextInt(10)));
        }
        return BigInteger.Parse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Updates per second of a single-threaded run, timed by this thread's CPU time where available.</summary>
    private static double Rate(int updates, int repeats, TimeSpan warmUp, Action run, CancellationToken cancellation) =>
        updates / (Milliseconds(repeats, warmUp, run, BenchClock.Now, cancellation) / 1000);

    private static double Wall() => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    private static double ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>The median time of one run by a clock in milliseconds, after running it for the warm-up time.</summary>
    private static double Milliseconds(int repeats, TimeSpan warmUp, Action run, Func<double> clock, CancellationToken cancellation)
    {
        var warm = Stopwatch.StartNew();
        do
        {
            run();
        }
        while (warm.Elapsed < warmUp && !cancellation.IsCancellationRequested);
        var times = new double[repeats];
        for (var r = 0; r < repeats && !cancellation.IsCancellationRequested; r++)
        {
            var start = clock();
            run();
            times[r] = clock() - start;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    private static string ProcessorName()
    {
        try
        {
            const string cpuInfo = "/proc/cpuinfo";
            if (File.Exists(cpuInfo))
            {
                var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // An unreadable cpuinfo only loses the name.
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
