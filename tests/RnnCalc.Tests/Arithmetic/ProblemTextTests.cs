using RnnCalc.Arithmetic;
using RnnCalc.Network;

namespace RnnCalc.Tests.Arithmetic;

public class ProblemTextTests
{
    private static readonly ProblemSet TutorialAdd = new(Operation.Add, 8, TrainingRange.Tutorial);

    [Fact]
    public void ATutorialRangeSumThatCarriesOutShowsTheWholeSumAndTheLowBitsLearned()
    {
        var problem = TutorialAdd.Make(230, 102);
        Assert.Equal(76, ProblemText.Target(TutorialAdd, problem));
        Assert.Equal("230 + 102 = 332, low 8 bits 76", ProblemText.Progress(TutorialAdd, problem, 76));
        Assert.Equal("230 + 102: network 75, exact 332, low 8 bits 76", ProblemText.Failure(TutorialAdd, problem, 75));
        Assert.True(ProblemText.DropsCarryOut(TutorialAdd));
        Assert.Contains("only the low 8 bits of each sum", ProblemText.Learned(TutorialAdd), StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsThatFitReadAsTheTutorialPrintsThem()
    {
        var subtract = ProblemSet.Tutorial;
        Assert.Equal("230 - 102 = 128", ProblemText.Progress(subtract, subtract.Make(230, 102), 128));
        Assert.Equal("2 - 0: network 0, exact 2", ProblemText.Failure(subtract, subtract.Make(2, 0), 0));
        Assert.Equal("87 + 45 = 132", ProblemText.Progress(TutorialAdd, TutorialAdd.Make(87, 45), 132));
        Assert.False(ProblemText.DropsCarryOut(subtract));
        Assert.Equal(string.Empty, ProblemText.Learned(subtract));
        Assert.False(ProblemText.DropsCarryOut(new ProblemSet(Operation.Add, 8, TrainingRange.Full)));
    }

    [Fact]
    public void TheNetworksBitsReadAsTheNumberTheyStandFor()
    {
        var fullSubtract = new ProblemSet(Operation.Subtract, 8, TrainingRange.Full);
        var sequence = new BitSequence(fullSubtract.Steps);
        fullSubtract.Encode(fullSubtract.Make(3, 5), sequence);
        // The exact bits of 3 - 5 read back as -2 in the full range (two's complement), not as 510.
        Assert.Equal(-2, ProblemText.Answer(fullSubtract, sequence.Target.AsSpan(0, fullSubtract.Steps)));
        var fullAdd = new ProblemSet(Operation.Add, 8, TrainingRange.Full);
        fullAdd.Encode(fullAdd.Make(255, 255), sequence);
        Assert.Equal(510, ProblemText.Answer(fullAdd, sequence.Target.AsSpan(0, fullAdd.Steps)));
        Assert.Equal("all 0 ≤ b ≤ a < 2^8", ProblemText.Range(TutorialAdd));
        Assert.Equal("all a, b < 2^8", ProblemText.Range(fullAdd));
    }
}
