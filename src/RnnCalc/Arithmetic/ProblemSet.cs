using RnnCalc.Network;
using RnnCalc.Random;

namespace RnnCalc.Arithmetic;

/// <summary>
/// The problems a model learns: an operation at a width N over a range. It draws training examples exactly as
/// the tutorial does and turns them into bit steps, least-significant first.
/// </summary>
public sealed class ProblemSet
{
    /// <summary>Widest training width: operands and results must fit a long with room for the extra step.</summary>
    public const int MaxBits = 60;

    /// <summary>The problems of <paramref name="operation"/> at <paramref name="bits"/> bits (1 to <see cref="MaxBits"/>, else <see cref="ArgumentOutOfRangeException"/>) over <paramref name="range"/>.</summary>
    public ProblemSet(Operation operation, int bits, TrainingRange range)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxBits);
        Operation = operation;
        Bits = bits;
        Range = range;
    }

    /// <summary>The tutorial's problems: 8-bit subtraction with a ≥ b.</summary>
    public static ProblemSet Tutorial { get; } = new(Operation.Subtract, 8, TrainingRange.Tutorial);

    /// <summary>The operation the problems are of.</summary>
    public Operation Operation { get; }

    /// <summary>The operand width N in bits.</summary>
    public int Bits { get; }

    /// <summary>Which operand pairs are drawn: the tutorial's (b &lt; 2^(N−1), a ≥ b) or every pair.</summary>
    public TrainingRange Range { get; }

    /// <summary>Steps per example: N for the tutorial's range, N+1 (the sign or carry step) for the full range.</summary>
    public int Steps => Range == TrainingRange.Tutorial ? Bits : Bits + 1;

    /// <summary>Draws one example with the tutorial's calls: randint(2^N), randint(2^N / 2), swap if a &lt; b.</summary>
    internal Problem Draw(NumpyRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var size = 1L << Bits;
        long a, b;
        if (Range == TrainingRange.Tutorial)
        {
            a = random.NextInt(size);
            b = random.NextInt(size / 2);
            if (a < b)
            {
                (a, b) = (b, a);
            }
        }
        else
        {
            a = random.NextInt(size);
            b = random.NextInt(size);
        }
        return Make(a, b);
    }

    /// <summary>The problem <paramref name="a"/> op <paramref name="b"/> with its exact result.</summary>
    public Problem Make(long a, long b) => new(a, b, Operation.ExactLong(a, b));

    /// <summary>Writes the example's bits (two's complement, sign-extended) into <paramref name="sequence"/>.</summary>
    internal void Encode(Problem problem, BitSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var steps = Steps;
        sequence.SetLength(steps);
        for (var t = 0; t < steps; t++)
        {
            sequence.A[t] = (byte)((problem.A >> t) & 1);
            sequence.B[t] = (byte)((problem.B >> t) & 1);
            sequence.Target[t] = (byte)((problem.Result >> t) & 1);
        }
    }

    /// <summary>How many operand pairs the exhaustive set has (all b ≤ a for the tutorial's range, all pairs for the full one).</summary>
    public long ExhaustiveCount
    {
        get
        {
            var size = 1L << Bits;
            return Range == TrainingRange.Tutorial ? size * (size + 1) / 2 : size * size;
        }
    }

    /// <summary>Every operand pair of the range, in a fixed order (a ascending, then b ascending).</summary>
    public IEnumerable<Problem> Exhaustive()
    {
        var size = 1L << Bits;
        for (long a = 0; a < size; a++)
        {
            var bMax = Range == TrainingRange.Tutorial ? a : size - 1;
            for (long b = 0; b <= bMax; b++)
            {
                yield return Make(a, b);
            }
        }
    }
}
