namespace RnnCalc.Arithmetic;

/// <summary>Whether a calculation's answer is guaranteed, and why (or why not), in one sentence.</summary>
internal sealed record CalcGuarantee(bool Guaranteed, string Reason);
