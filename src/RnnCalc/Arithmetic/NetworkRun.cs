using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// One run of a network on two integers (numbered from 1 in a calculation): the operands, what the network
/// computed, and its length in steps. <see cref="Calculator.Trace(NetworkRun)"/> runs it again bit by bit.
/// </summary>
public sealed record NetworkRun(int Number, Operation Operation, BigInteger A, BigInteger B, BigInteger Result, int Steps)
{
    /// <summary>What the reference machine gives for these operands.</summary>
    public BigInteger Exact => Operation.Exact(A, B);

    /// <summary>True when the network's result equals the exact one.</summary>
    public bool Correct => Result == Exact;

    /// <summary>Steps a run of <paramref name="a"/> and <paramref name="b"/> takes: the wider operand's width, plus the carry or sign step.</summary>
    public static int StepsFor(BigInteger a, BigInteger b) => Math.Max(TwosComplement.Width(a), TwosComplement.Width(b)) + 1;
}
