namespace RnnCalc.Verification;

/// <summary>One network of a <see cref="VerificationSurvey"/>: its seed, training and verdict.</summary>
/// <param name="Seed">The seed it was trained with.</param>
/// <param name="Updates">Updates it was trained for.</param>
/// <param name="Solved">True when some exhaustive check during training found every pair right.</param>
/// <param name="Result">What verify found.</param>
/// <param name="CpuTime">Processor time the process spent while verifying (the verifier runs on one thread; on a shared machine this is steadier than <see cref="VerificationResult.Elapsed"/>).</param>
internal sealed record SurveyNetwork(uint Seed, long Updates, bool Solved, VerificationResult Result, TimeSpan CpuTime)
{
    /// <summary>"proven", "counterexample" (a real one, confirmed by the calculator) or "undecided".</summary>
    public string Verdict => Result.Proven ? "proven" : Result.Undecided ? "undecided" : "counterexample";
}
