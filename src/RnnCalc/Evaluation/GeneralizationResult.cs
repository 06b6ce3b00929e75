namespace RnnCalc.Evaluation;

/// <summary>How many random problems of one width the network got exactly right.</summary>
internal sealed record GeneralizationResult(int Bits, int Samples, int Correct)
{
    public double Accuracy => Samples == 0 ? 1 : (double)Correct / Samples;
}
