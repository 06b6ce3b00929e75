using System.Runtime.Intrinsics;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Tests.Speed;

/// <summary>
/// The gated kernels' exp, sigmoid and tanh against Math.Exp, the reference's sigmoid (numpy's exp) and Math.Tanh:
/// within a few ulp, tanh within 2^−52 absolute near 0, and the edges (NaN, infinities, numpy's fast path) as documented.
/// </summary>
public class GateActivationsTests
{
    [Fact]
    public void ExpIsWithinTwoUlpOfMathExpOnNumpysFastPath()
    {
        var worst = 0L;
        foreach (var x in Inputs(707.7))
        {
            var ulps = Ulps(Math.Exp(x), GateActivations.Exp<Vector256<double>, Lanes256>(Vector256.Create(x))[0]);
            Assert.True(ulps <= 2, $"exp({x:R}) = {Math.Exp(x):R}, vector {GateActivations.Exp<Vector256<double>, Lanes256>(Vector256.Create(x))[0]:R}: {ulps} ulp");
            worst = Math.Max(worst, ulps);
        }
        Assert.InRange(worst, 1, 2);
    }

    [Fact]
    public void SigmoidIsWithinFourUlpOfTheReferencesAndFlagsLanesOffTheFastPath()
    {
        foreach (var x in Inputs(707.7))
        {
            var valid = Vector256<double>.AllBitsSet;
            var y = GateActivations.Sigmoid<Vector256<double>, Lanes256>(Vector256.Create(x), ref valid)[0];
            foreach (var exp in new[] { ExpKind.NumpyAvx512, ExpKind.Libm })
            {
                var ulps = Ulps(Rnn.Sigmoid(x, exp), y);
                Assert.True(ulps <= 4, $"σ({x:R}) = {Rnn.Sigmoid(x, exp):R} ({exp}), vector {y:R}: {ulps} ulp");
            }
            Assert.True(Lanes256.IsAllBitsSet(valid));
        }
        // One lane off the fast path (or NaN) clears that lane's bit only.
        var mask = Vector256<double>.AllBitsSet;
        _ = GateActivations.Sigmoid<Vector256<double>, Lanes256>(Vector256.Create(0.5, -707.7, double.NaN, 707.6), ref mask);
        Assert.Equal([false, true, true, false], [.. Enumerable.Range(0, 4).Select(l => BitConverter.DoubleToInt64Bits(mask[l]) == 0)]);
    }

    [Fact]
    public void TanhIsWithinTwoToTheMinus52OfMathTanhAndWithinFourUlpAwayFromZero()
    {
        var inputs = Inputs(25).Concat([19.06, 19.07, 20, 21, 700, 1e300, double.Epsilon, -1e-310, 0.0, -0.0]).ToList();
        var worstAbsolute = 0.0;
        for (var i = 0; i + 2 <= inputs.Count; i += 2)
        {
            var x = Vector128.Create(inputs[i], inputs[i + 1]);
            var y = GateActivations.Tanh<Vector128<double>, Lanes128>(x);
            for (var l = 0; l < 2; l++)
            {
                var expected = Math.Tanh(x[l]);
                var error = Math.Abs(expected - y[l]);
                Assert.True(error <= Math.ScaleB(1, -52), $"tanh({x[l]:R}) = {expected:R}, vector {y[l]:R}: off by {error:E2}");
                if (Math.Abs(x[l]) >= 0.5)
                {
                    Assert.True(Ulps(expected, y[l]) <= 4, $"tanh({x[l]:R}) = {expected:R}, vector {y[l]:R}: {Ulps(expected, y[l])} ulp");
                }
                worstAbsolute = Math.Max(worstAbsolute, error);
            }
        }
        Assert.True(worstAbsolute > 0);
        var edges = GateActivations.Tanh<Vector256<double>, Lanes256>(Vector256.Create(double.PositiveInfinity, double.NegativeInfinity, double.NaN, -3));
        Assert.Equal(1.0, edges[0]);
        Assert.Equal(-1.0, edges[1]);
        Assert.True(double.IsNaN(edges[2]));
        Assert.True(edges[3] < 0);
    }

    [Fact]
    public void ScaleByPowerOfTwoIsMathScaleBAtEveryWidth()
    {
        var random = new System.Random(5);
        for (var i = 0; i < 10_000; i++)
        {
            var value = 0.5 + random.NextDouble();
            var exponent = random.Next(-1021, 1023);
            var expected = Math.ScaleB(value, exponent);
            Assert.Equal(expected, Lanes128.ScaleByPowerOfTwo(Vector128.Create(value), Vector128.Create((double)exponent))[1]);
            Assert.Equal(expected, Lanes256.ScaleByPowerOfTwo(Vector256.Create(value), Vector256.Create((double)exponent))[3]);
            Assert.Equal(expected, Lanes512.ScaleByPowerOfTwo(Vector512.Create(value), Vector512.Create((double)exponent))[7]);
        }
    }

    /// <summary>Random inputs in (−limit, limit) at several scales, small ones down to 1e-300, and the limits' neighbours.</summary>
    private static List<double> Inputs(double limit)
    {
        var random = new System.Random(13);
        var inputs = new List<double> { 0, 1, -1, 0.5, -0.5, Math.BitDecrement(limit), -Math.BitDecrement(limit), Math.Log(2) / 2, -Math.Log(2) / 2 };
        for (var i = 0; i < 50_000; i++)
        {
            var scale = (i % 4) switch { 0 => 1, 1 => 0.5, 2 => 8, _ => limit };
            inputs.Add(Math.Clamp((random.NextDouble() - 0.5) * 2 * scale, -Math.BitDecrement(limit), Math.BitDecrement(limit)));
            inputs.Add(Math.Pow(10, -random.Next(1, 300)) * (random.NextDouble() + 0.1) * (random.Next(2) == 0 ? -1 : 1));
        }
        return inputs;
    }

    private static long Ulps(double expected, double actual) =>
        Math.Abs(BitConverter.DoubleToInt64Bits(expected) - BitConverter.DoubleToInt64Bits(actual));
}
