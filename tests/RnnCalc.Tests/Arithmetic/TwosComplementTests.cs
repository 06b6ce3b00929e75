using System.Numerics;
using CsCheck;
using RnnCalc.Arithmetic;

namespace RnnCalc.Tests.Arithmetic;

public class TwosComplementTests
{
    private static readonly Gen<BigInteger> AnyInteger =
        Gen.Select(Gen.Byte.Array[0, 160], Gen.Bool, (bytes, negative) =>
        {
            var magnitude = new BigInteger(bytes, isUnsigned: true);
            return negative ? -magnitude : magnitude;
        });

    [Fact]
    public void EncodeThenDecodeGivesTheNumberBackAtItsWidthAndWider() =>
        Gen.Select(AnyInteger, Gen.Int[0, 70]).Sample((value, extra) =>
        {
            var width = TwosComplement.Width(value) + extra;
            Assert.Equal(value, TwosComplement.Decode(TwosComplement.Encode(value, width)));
        });

    [Fact]
    public void WidthIsTheFewestBitsThatHoldTheNumber() =>
        AnyInteger.Sample(value =>
        {
            var width = TwosComplement.Width(value);
            if (width > 1)
            {
                Assert.NotEqual(value, TwosComplement.Decode(TwosComplement.Encode(value, width - 1)));
            }
        });

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(-1, 1)]
    [InlineData(255, 9)]
    [InlineData(-128, 8)]
    [InlineData(-129, 9)]
    public void WidthIncludesTheSignBit(int value, int width) => Assert.Equal(width, TwosComplement.Width(value));

    [Fact]
    public void BitsAreLeastSignificantFirstAndSignExtended()
    {
        Assert.Equal([1, 1, 0, 1, 1, 1], TwosComplement.Encode(-5, 6));
        Assert.Equal([1, 1, 0, 0, 0, 0, 1, 1, 0], TwosComplement.Encode(195, 9));
    }
}
