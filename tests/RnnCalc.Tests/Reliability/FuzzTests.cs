using System.Numerics;
using System.Text;
using CsCheck;
using RnnCalc.Arithmetic;
using RnnCalc.Persistence;

namespace RnnCalc.Tests.Reliability;

/// <summary>Arbitrary damage to inputs produces our clear errors, never another exception.</summary>
public class FuzzTests
{
    private static readonly byte[] ValidModel = ModelFile.Serialize(DefaultModels.Subtract);

    /// <summary>A mutation: (kind, position, byte) — overwrite, delete or insert one byte, repeated a few times.</summary>
    private static readonly Gen<(int Kind, int Position, byte Value)[]> Mutations =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, ValidModel.Length - 1], Gen.Byte).Array[1, 8];

    [Fact]
    public void LoadingAMutatedModelFileGivesAModelOrAModelFileExceptionOnly() =>
        Mutations.Sample(mutations =>
        {
            var bytes = new List<byte>(ValidModel);
            foreach (var (kind, position, value) in mutations)
            {
                var at = Math.Min(position, bytes.Count - 1);
                switch (kind)
                {
                    case 0:
                        bytes[at] = value;
                        break;
                    case 1:
                        bytes.RemoveAt(at);
                        break;
                    default:
                        bytes.Insert(at, value);
                        break;
                }
            }
            try
            {
                var model = ModelFile.Parse(bytes.ToArray());
                Assert.True(model.Network.IsFinite());
            }
            catch (ModelFileException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
        }, iter: 3000);

    [Fact]
    public void ArbitraryJsonTextGivesAModelFileExceptionOnly() =>
        Gen.String[Gen.Char["{}[]\":,0123456789.eE-+ntrufalsNIy\\ "], 0, 60].Sample(text =>
        {
            try
            {
                ModelFile.Parse(Encoding.UTF8.GetBytes(text));
            }
            catch (ModelFileException)
            {
            }
        }, iter: 3000);

    [Fact]
    public void ArbitraryUnicodeExpressionsGiveAnExpressionExceptionOnly() =>
        Gen.String.Sample(text =>
        {
            try
            {
                var expression = Expression.Parse(text, 256);
                Assert.NotNull(expression);
            }
            catch (ExpressionException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
        }, iter: 3000);

    [Fact]
    public void TheDefaultNetworkEqualsExactArithmeticOnRandomOperandsOfRandomWidths()
    {
        var operand = Gen.Select(Gen.Byte.Array[0, 64], Gen.Bool, (bytes, negative) =>
        {
            var magnitude = new BigInteger(bytes, isUnsigned: true);
            return negative ? -magnitude : magnitude;
        });
        Gen.Select(operand, operand, Gen.Bool).Sample((a, b, add) =>
        {
            var op = add ? Operation.Add : Operation.Subtract;
            var trace = DefaultModels.Calculator.Run(op, a, b);
            Assert.True(trace.Correct, $"{a} {op.Symbol} {b}: network {trace.Result}, exact {trace.Exact}");
        }, iter: 300);
    }
}
