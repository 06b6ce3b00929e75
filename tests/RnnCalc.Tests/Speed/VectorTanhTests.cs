using System.Runtime.Intrinsics;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Tests.Speed;

/// <summary>The gated kernels' vector tanh against Math.Tanh: within 3 ulp everywhere, exact at the edges.</summary>
public class VectorTanhTests
{
    private const long MaxUlps = 3;

    [Fact]
    public void EveryLaneIsWithinThreeUlpOfMathTanh()
    {
        var random = new System.Random(13);
        var inputs = new List<double> { 0.375, -0.375, Math.BitDecrement(0.375), 19.06, 19.07, 20, 21, 700, 1e300, double.Epsilon, 1e-310 };
        for (var i = 0; i < 200_000; i++)
        {
            inputs.Add((random.NextDouble() - 0.5) * 2 * (i % 4 == 0 ? 1 : i % 4 == 1 ? 0.5 : i % 4 == 2 ? 4 : 25));
            inputs.Add(Math.Pow(10, -random.Next(1, 300)) * (random.NextDouble() + 0.1) * (random.Next(2) == 0 ? -1 : 1));
        }
        var worst = 0L;
        for (var i = 0; i + 4 <= inputs.Count; i += 4)
        {
            var x = Vector256.Create(inputs[i], inputs[i + 1], inputs[i + 2], inputs[i + 3]);
            var y = VectorTanh.Tanh<Vector256<double>, Lanes256>(x);
            for (var l = 0; l < 4; l++)
            {
                var ulps = Ulps(Math.Tanh(x[l]), y[l]);
                Assert.True(ulps <= MaxUlps, $"tanh({x[l]:R}) = {Math.Tanh(x[l]):R}, vector {y[l]:R}: {ulps} ulp");
                worst = Math.Max(worst, ulps);
            }
        }
        Assert.InRange(worst, 1, MaxUlps);
    }

    [Fact]
    public void SignedZerosInfinitiesAndNaNComeOutAsMathTanhs()
    {
        var x = Vector256.Create(0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity);
        var y = VectorTanh.Tanh<Vector256<double>, Lanes256>(x);
        for (var l = 0; l < 4; l++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Tanh(x[l])), BitConverter.DoubleToInt64Bits(y[l]));
        }
        Assert.True(double.IsNaN(VectorTanh.Tanh<Vector128<double>, Lanes128>(Vector128.Create(double.NaN))[0]));
    }

    private static long Ulps(double expected, double actual) =>
        Math.Abs(BitConverter.DoubleToInt64Bits(expected) - BitConverter.DoubleToInt64Bits(actual));
}
