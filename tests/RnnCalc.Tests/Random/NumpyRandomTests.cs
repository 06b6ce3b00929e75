using RnnCalc.Random;

namespace RnnCalc.Tests.Random;

public class NumpyRandomTests
{
    [Fact]
    public void Seed0FirstRawDrawMatchesNumpy() => Assert.Equal(2357136044u, new NumpyRandom(0).NextUInt32());

    [Fact]
    public void Seed0RandomMatchesNumpy()
    {
        var random = new NumpyRandom(0);
        Assert.Equal(0.5488135039273248, random.NextDouble());
        Assert.Equal(0.7151893663724195, random.NextDouble());
        Assert.Equal(0.6027633760716439, random.NextDouble());
    }

    [Fact]
    public void Seed0RandIntMatchesNumpy()
    {
        var random = new NumpyRandom(0);
        int[] draws = [.. Enumerable.Range(0, 5).Select(_ => random.NextInt(256))];
        Assert.Equal([172, 47, 117, 192, 67], draws);
    }

    [Fact]
    public void Seed42RandomMatchesNumpy() => Assert.Equal(0.3745401188473625, new NumpyRandom(42).NextDouble());

    [Fact]
    public void AfterTheTutorialsWeightDrawsTheFirstProblemIs60Minus9()
    {
        var random = new NumpyRandom(0);
        for (var i = 0; i < 2 * 16 + 16 + (16 * 16); i++)
        {
            random.NextDouble();
        }
        Assert.Equal(9, random.NextInt(256));
        Assert.Equal(60, random.NextInt(128));
    }

    [Fact]
    public void RandIntStaysBelowHighAndCoversIt()
    {
        var random = new NumpyRandom(7);
        var seen = new bool[5];
        for (var i = 0; i < 1000; i++)
        {
            var v = random.NextInt(5);
            Assert.InRange(v, 0, 4);
            seen[v] = true;
        }
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void RestoredStateContinuesTheSameStream()
    {
        var random = new NumpyRandom(3);
        for (var i = 0; i < 1000; i++)
        {
            random.NextUInt32();
        }
        var saved = random.SaveState();
        var expected = Enumerable.Range(0, 700).Select(_ => random.NextUInt32()).ToArray();
        var other = new NumpyRandom(99);
        other.RestoreState(saved);
        Assert.Equal(expected, Enumerable.Range(0, 700).Select(_ => other.NextUInt32()).ToArray());
    }
}
