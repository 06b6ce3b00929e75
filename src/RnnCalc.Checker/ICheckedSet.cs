using System.Numerics;

namespace RnnCalc.Checker;

/// <summary>A set of network states the checker steps: an affine form (<see cref="AffineRegion"/>) or a box through gates (<see cref="GatedBox"/>).</summary>
internal interface ICheckedSet
{
    /// <summary>A set that provably holds the image of every state in this one under input bits (a, b), as the network computes it in float64.</summary>
    ICheckedSet Step(CheckedWeights weights, int a, int b);

    /// <summary>The bit the network emits from every state in the set, or null when its output may come near 0.5.</summary>
    int? OutputBit(CheckedWeights weights);

    /// <summary>Bounds of state unit j over the set.</summary>
    (BigInteger Lo, BigInteger Hi) Bounds(int j);
}
