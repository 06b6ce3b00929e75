using System.Runtime.Intrinsics;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Tests.Speed;

/// <summary>The vectorised numpy exp and the kernels' flagged sigmoid against the scalar <see cref="NumpyExp"/>, bit for bit.</summary>
public class VectorNumpyExpTests
{
    /// <summary>Edge cases, random values at every scale, and inputs where p·16 is a whole number (exp's step down).</summary>
    public static double[] Inputs()
    {
        var values = new List<double>
        {
            0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-310, -1e-310, 1e-300, -1e-300, 1e-20, -1e-20, 1e-10, -1e-10,
            0.5, -0.5, 1, -1, Math.Log(2), -Math.Log(2), Math.Log(2) / 16, 10, -10, 700, -700, 707.69999, -707.69999,
            NumpyExp.FastPathLimit, -NumpyExp.FastPathLimit, 708, -708, 709.7, -745, -746, 1000, -1000,
            double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        };
        var random = new System.Random(12345);
        for (var i = 0; i < 20_000; i++)
        {
            var magnitude = Math.Pow(10, (random.NextDouble() * 6) - 3);
            values.Add((random.NextDouble() * 2 - 1) * magnitude);
        }
        for (var i = 0; i < 2_000; i++)
        {
            values.Add((random.NextDouble() * 2 - 1) * 720);
        }
        values.AddRange(StepDownInputs());
        return [.. values];
    }

    [Fact]
    public void EveryWidthEqualsTheScalarExpBitForBit()
    {
        var inputs = Inputs();
        AssertLanes<Vector512<double>, Lanes512>(inputs, VectorNumpyExp.Exp<Vector512<double>, Lanes512>);
        AssertLanes<Vector256<double>, Lanes256>(inputs, VectorNumpyExp.Exp<Vector256<double>, Lanes256>);
        AssertLanes<Vector128<double>, Lanes128>(inputs, VectorNumpyExp.Exp<Vector128<double>, Lanes128>);
    }

    [Fact]
    public void TheSpanFormEqualsTheScalarExpIncludingTails()
    {
        var inputs = Inputs();
        foreach (var length in new[] { 0, 1, 3, 7, 8, 9, 15, inputs.Length })
        {
            var result = new double[length];
            VectorNumpyExp.Exp(inputs.AsSpan(0, length), result);
            for (var i = 0; i < length; i++)
            {
                AssertSame(NumpyExp.Exp(inputs[i]), result[i], inputs[i]);
            }
        }
        Assert.Throws<ArgumentException>(() => VectorNumpyExp.Exp(new double[3], new double[2]));
    }

    [Fact]
    public void ThePublicVectorFormsEqualTheScalarExp()
    {
        foreach (var x in Inputs().Take(500))
        {
            AssertSame(NumpyExp.Exp(x), VectorNumpyExp.Exp(Vector512.Create(x)).GetElement(3), x);
            AssertSame(NumpyExp.Exp(x), VectorNumpyExp.Exp(Vector256.Create(x)).GetElement(1), x);
            AssertSame(NumpyExp.Exp(x), VectorNumpyExp.Exp(Vector128.Create(x)).GetElement(0), x);
        }
    }

    [Fact]
    public void TheFlaggedSigmoidIsExactWhereItVouchesAndFlagsTheRest()
    {
        var inputs = Inputs();
        var flagged = 0;
        flagged += AssertFlagged<Vector512<double>, Lanes512>(inputs);
        flagged += AssertFlagged<Vector256<double>, Lanes256>(inputs);
        flagged += AssertFlagged<Vector128<double>, Lanes128>(inputs);
        // The step-down inputs and those past the fast path must all have been flagged at every width.
        Assert.True(flagged >= 3 * StepDownInputs().Count(), $"only {flagged} lanes flagged");
    }

    [Fact]
    public void StepDownInputsExist()
    {
        Assert.NotEmpty(StepDownInputs());
    }

    /// <summary>
    /// Sigmoid inputs z whose exp argument x = −z has p = x·log2 e exactly a multiple of 1/16 while the exact product
    /// is below it: numpy's exp then steps n down (the rare branch). Found by nudging x around k/16·ln 2.
    /// </summary>
    private static IEnumerable<double> StepDownInputs()
    {
        for (var k = -4000; k <= 4000; k += 7)
        {
            var x = k / 16.0 / 1.4426950408889634;
            for (var nudge = -40; nudge <= 40; nudge++)
            {
                var candidate = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) + nudge);
                var p = candidate * 1.4426950408889634;
                if (candidate != 0 && Math.Floor(p * 16) == p * 16 && Math.FusedMultiplyAdd(candidate, 1.4426950408889634, -p) < 0)
                {
                    yield return -candidate;
                }
            }
        }
    }

    private static void AssertLanes<TVector, TLanes>(double[] inputs, Func<TVector, TVector> exp)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var lanes = new double[width];
        var output = new double[width];
        for (var start = 0; start < inputs.Length; start += width)
        {
            for (var l = 0; l < width; l++)
            {
                lanes[l] = inputs[Math.Min(start + l, inputs.Length - 1)];
            }
            TLanes.Store(exp(TLanes.Load(in lanes[0])), ref output[0]);
            for (var l = 0; l < width; l++)
            {
                AssertSame(NumpyExp.Exp(lanes[l]), output[l], lanes[l]);
            }
        }
    }

    private static int AssertFlagged<TVector, TLanes>(double[] inputs)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        var width = TLanes.Count;
        var lanes = new double[width];
        var output = new double[width];
        var mask = new double[width];
        var flagged = 0;
        for (var start = 0; start < inputs.Length; start += width)
        {
            for (var l = 0; l < width; l++)
            {
                lanes[l] = inputs[Math.Min(start + l, inputs.Length - 1)];
            }
            var valid = TLanes.AllBitsSet;
            TLanes.Store(VectorNumpyExp.SigmoidFlagged<TVector, TLanes>(TLanes.Load(in lanes[0]), ref valid), ref output[0]);
            TLanes.Store(valid, ref mask[0]);
            for (var l = 0; l < width; l++)
            {
                if (BitConverter.DoubleToInt64Bits(mask[l]) == -1)
                {
                    AssertSame(Rnn.Sigmoid(lanes[l], ExpKind.NumpyAvx512), output[l], lanes[l]);
                }
                else
                {
                    flagged++;
                }
            }
        }
        return flagged;
    }

    private static void AssertSame(double expected, double actual, double input)
    {
        if (!(double.IsNaN(expected) && double.IsNaN(actual)) && BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            Assert.Fail($"exp({input:R}): expected {expected:R}, got {actual:R}");
        }
    }
}
