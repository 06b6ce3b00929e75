namespace RnnCalc.Evaluation;

/// <summary>How many of the sampled products, quotients or remainders at one width were right.</summary>
internal sealed record LongOperationResult(string Operator, int Bits, int Samples, int Correct)
{
    public double Accuracy => Samples == 0 ? 1 : (double)Correct / Samples;
}
