using RnnCalc.Network;

namespace RnnCalc.Tests.Speed;

/// <summary>Random networks and sequences for comparing optimised kernels with the scalar reference.</summary>
internal static class RandomNetworks
{
    /// <summary>Weights uniform in [−scale, scale): large scales drive the sigmoids into saturation and exp to its edges.</summary>
    public static RecurrentNetwork Network(System.Random random, int hidden, double scale, ExpKind exp = ExpKind.NumpyAvx512)
    {
        var net = new RecurrentNetwork(hidden, 0.1 + random.NextDouble(), exp);
        Fill(random, net.Input, scale);
        Fill(random, net.Recurrent, scale);
        Fill(random, net.Output, scale);
        return net;
    }

    public static BitSequence Sequence(System.Random random, int length, int capacity)
    {
        var seq = new BitSequence(capacity);
        seq.SetLength(length);
        for (var t = 0; t < length; t++)
        {
            seq.A[t] = (byte)random.Next(2);
            seq.B[t] = (byte)random.Next(2);
            seq.Target[t] = (byte)random.Next(2);
        }
        return seq;
    }

    public static void Fill(System.Random random, Span<double> values, double scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((2 * random.NextDouble()) - 1) * scale;
        }
    }

    /// <summary>Asserts two arrays hold the same doubles bit for bit, naming the first difference.</summary>
    public static void AssertBitwiseEqual(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }
}
