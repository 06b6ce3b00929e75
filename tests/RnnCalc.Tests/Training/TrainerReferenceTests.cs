using RnnCalc.Training;

namespace RnnCalc.Tests.Training;

/// <summary>Our trainer against the tutorial's numpy code run with the same settings (llm.c's test_gpt2 idea).</summary>
public class TrainerReferenceTests
{
    public static TheoryData<string> Runs => [.. ReferenceRun.Names];

    [Theory]
    [MemberData(nameof(Runs))]
    public void ErrorsAndFinalWeightsEqualNumpyBitForBit(string name)
    {
        var reference = ReferenceRun.Load(name);
        var trainer = new Trainer(new TrainingConfig
        {
            Seed = reference.Seed,
            Hidden = reference.Hidden,
            Iterations = reference.Iterations,
            LearningRate = reference.LearningRate,
            PrintEvery = reference.PrintEvery,
        });
        var progress = new List<TrainingProgress>();
        for (long j = 0; j < reference.Iterations; j++)
        {
            trainer.Step();
            if (j % reference.PrintEvery == 0)
            {
                progress.Add(trainer.Progress());
            }
        }

        Assert.Equal(reference.Progress.Count, progress.Count);
        var worst = 0.0;
        for (var i = 0; i < progress.Count; i++)
        {
            Assert.Equal(reference.Progress[i].A, progress[i].Problem.A);
            Assert.Equal(reference.Progress[i].B, progress[i].Problem.B);
            worst = Math.Max(worst, RelativeDifference(reference.Progress[i].Error, progress[i].Error));
            Assert.Equal(reference.Progress[i].Error, progress[i].Error);
        }
        var h = reference.Hidden;
        var net = trainer.Network;
        for (var j = 0; j < h; j++)
        {
            worst = Math.Max(worst, RelativeDifference(reference.Input[0][j], net.Input[j]));
            worst = Math.Max(worst, RelativeDifference(reference.Input[1][j], net.Input[h + j]));
            worst = Math.Max(worst, RelativeDifference(reference.Output[j][0], net.Output[j]));
            for (var i = 0; i < h; i++)
            {
                worst = Math.Max(worst, RelativeDifference(reference.Recurrent[i][j], net.Recurrent[(i * h) + j]));
            }
        }
        Assert.True(worst == 0, $"{name}: largest relative difference from numpy is {worst:E3}");
    }

    private static double RelativeDifference(double expected, double actual) =>
        Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-300);
}
