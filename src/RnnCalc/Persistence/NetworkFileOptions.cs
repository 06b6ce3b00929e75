using RnnCalc.Arithmetic;

namespace RnnCalc.Persistence;

/// <summary>
/// What a network file may not say, given by the user (<c>--op</c>, <c>--initial-hidden</c>); null takes the
/// default: subtraction and the cell's own h0 (the tutorial's 0.1, PyTorch's 0), or for Trask's names his
/// post's addition and h0 = 0.
/// </summary>
public sealed record NetworkFileOptions(Operation? Operation = null, double? InitialHidden = null)
{
    /// <summary>Neither given: the defaults above.</summary>
    public static NetworkFileOptions Default { get; } = new();
}
