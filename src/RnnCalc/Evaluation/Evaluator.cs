using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Evaluation;

/// <summary>
/// The scalar reference evaluation: each problem run through <see cref="Rnn.Forward"/> on its own.
/// Faster evaluators are tested equal to this one.
/// </summary>
public static class Evaluator
{
    /// <summary>How many wrong problems a report keeps in <see cref="EvaluationReport.FirstFailures"/>.</summary>
    public const int MaxFailuresKept = 10;

    /// <summary>Every operand pair of the problem set's range at its width.</summary>
    public static EvaluationReport Exhaustive(RecurrentNetwork network, ProblemSet problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return Evaluate(network, problems, problems.Exhaustive());
    }

    /// <summary>True when every pair of the exhaustive set is right; stops at the first wrong pair.</summary>
    public static bool SolvesExhaustive(RecurrentNetwork network, ProblemSet problems)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problems);
        var steps = problems.Steps;
        var sequence = new BitSequence(steps);
        var run = network.NewUnrolling(steps);
        foreach (var problem in problems.Exhaustive())
        {
            problems.Encode(problem, sequence);
            Rnn.Forward(network, sequence, run);
            for (var t = 0; t < steps; t++)
            {
                if (run.EmittedBit(t) != sequence.Target[t])
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>The network's answer to one problem, read as <see cref="ProblemText.Answer"/> reads it (for showing a failure).</summary>
    public static long Answer(RecurrentNetwork network, ProblemSet problems, Problem problem)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problems);
        var steps = problems.Steps;
        var sequence = new BitSequence(steps);
        var run = network.NewUnrolling(steps);
        problems.Encode(problem, sequence);
        Rnn.Forward(network, sequence, run);
        var bits = new byte[steps];
        for (var t = 0; t < steps; t++)
        {
            bits[t] = run.EmittedBit(t);
        }
        return ProblemText.Answer(problems, bits);
    }

    /// <summary>Runs the network on each problem of <paramref name="set"/> (problems of <paramref name="problems"/>' width and range) and counts the right answers and the wrong bits per step.</summary>
    public static EvaluationReport Evaluate(RecurrentNetwork network, ProblemSet problems, IEnumerable<Problem> set)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(set);
        var steps = problems.Steps;
        var sequence = new BitSequence(steps);
        var run = network.NewUnrolling(steps);
        var bitErrors = new long[steps];
        var failures = new List<Problem>();
        long pairs = 0, correct = 0;
        foreach (var problem in set)
        {
            problems.Encode(problem, sequence);
            Rnn.Forward(network, sequence, run);
            var right = true;
            for (var t = 0; t < steps; t++)
            {
                if (run.EmittedBit(t) != sequence.Target[t])
                {
                    bitErrors[t]++;
                    right = false;
                }
            }
            pairs++;
            if (right)
            {
                correct++;
            }
            else if (failures.Count < MaxFailuresKept)
            {
                failures.Add(problem);
            }
        }
        return new EvaluationReport(pairs, correct, bitErrors, failures);
    }
}
