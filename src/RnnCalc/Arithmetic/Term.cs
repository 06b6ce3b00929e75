using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>One "op operand" after the first operand of an expression.</summary>
public readonly record struct Term(Operation Operation, BigInteger Operand);
