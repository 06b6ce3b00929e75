using System.Numerics;

namespace RnnCalc.Arithmetic;

/// <summary>
/// What long multiplication and long division are built on: a batch of independent additions or subtractions,
/// done by the networks in <c>calc</c> (<see cref="NetworkArithmetic"/>) and by exact arithmetic in the property
/// tests that show the algorithms right given a right adder. A batch's pairs do not depend on each other, so an
/// implementation may run them together.
/// </summary>
internal interface IArithmeticUnit
{
    /// <summary>a + b for every pair, in order.</summary>
    IReadOnlyList<BigInteger> Add(IReadOnlyList<(BigInteger A, BigInteger B)> pairs);

    /// <summary>a − b for every pair, in order.</summary>
    IReadOnlyList<BigInteger> Subtract(IReadOnlyList<(BigInteger A, BigInteger B)> pairs);
}
