namespace RnnCalc.Arithmetic;

/// <summary>One drawn training example: the operands and the exact result.</summary>
public readonly record struct Problem(long A, long B, long Result);
