namespace RnnCalc.Arithmetic;

/// <summary>Which operand pairs training draws from.</summary>
public enum TrainingRange
{
    /// <summary>The tutorial's: a in [0, 2^N), b in [0, 2^(N−1)), swapped so a ≥ b; N steps.</summary>
    Tutorial,

    /// <summary>a and b uniform in [0, 2^N), N+1 steps, so negative results and carries out are trained.</summary>
    Full,
}
