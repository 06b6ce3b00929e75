using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Random;

namespace RnnCalc.Tests.Arithmetic;

public class ProblemSetTests
{
    [Fact]
    public void TheTutorialRangeDrawsLikeTheTutorial()
    {
        var set = ProblemSet.Tutorial;
        var random = new NumpyRandom(11);
        var copy = new NumpyRandom(11);
        for (var i = 0; i < 500; i++)
        {
            var p = set.Draw(random);
            long a = copy.NextInt(256), b = copy.NextInt(128);
            if (a < b)
            {
                (a, b) = (b, a);
            }
            Assert.Equal(new Problem(a, b, a - b), p);
        }
        Assert.Equal(8, set.Steps);
    }

    [Fact]
    public void TheFullRangeRunsOneMoreStepAndEncodesNegativeResultsInTwosComplement()
    {
        var set = new ProblemSet(Operation.Subtract, 4, TrainingRange.Full);
        Assert.Equal(5, set.Steps);
        var sequence = new BitSequence(set.Steps);
        set.Encode(set.Make(3, 9), sequence);
        Assert.Equal([1, 1, 0, 0, 0], sequence.A);
        Assert.Equal([1, 0, 0, 1, 0], sequence.B);
        Assert.Equal(-6, TwosComplement.Decode(sequence.Target));
    }

    [Fact]
    public void AdditionCarriesOutIntoTheExtraStep()
    {
        var set = new ProblemSet(Operation.Add, 4, TrainingRange.Full);
        var sequence = new BitSequence(set.Steps);
        set.Encode(set.Make(15, 15), sequence);
        Assert.Equal([0, 1, 1, 1, 1], sequence.Target);
    }

    [Theory]
    [InlineData(TrainingRange.Tutorial, 136)]
    [InlineData(TrainingRange.Full, 256)]
    public void TheExhaustiveSetHasEveryPairOnce(TrainingRange range, int count)
    {
        var set = new ProblemSet(Operation.Subtract, 4, range);
        var pairs = set.Exhaustive().Select(p => (p.A, p.B)).ToList();
        Assert.Equal(count, pairs.Count);
        Assert.Equal(count, set.ExhaustiveCount);
        Assert.Equal(count, pairs.Distinct().Count());
        Assert.All(pairs, p => Assert.True(range == TrainingRange.Full || p.B <= p.A));
    }

    [Fact]
    public void TheReferenceMachinesAreBorrowAndCarry()
    {
        foreach (var op in Operation.All)
        {
            for (long a = 0; a < 64; a++)
            {
                for (long b = 0; b < 64; b++)
                {
                    var state = 0;
                    var bits = new byte[8];
                    for (var t = 0; t < 8; t++)
                    {
                        (var bit, state) = op.Transition((int)((a >> t) & 1), (int)((b >> t) & 1), state);
                        bits[t] = (byte)bit;
                    }
                    Assert.Equal(op.Exact(a, b), TwosComplement.Decode(bits));
                }
            }
        }
    }
}
