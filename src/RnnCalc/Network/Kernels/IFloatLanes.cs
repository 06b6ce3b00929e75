namespace RnnCalc.Network.Kernels;

/// <summary>
/// Single-precision vector operations for the approximate fast training mode, one implementation per width
/// (<see cref="FloatLanes512"/>, <see cref="FloatLanes256"/>). Unlike <see cref="ILanes{TVector}"/> nothing here
/// promises the reference's rounding: multiply-adds are fused and exp is a short polynomial.
/// </summary>
internal interface IFloatLanes<TVector>
    where TVector : struct
{
    static abstract int Count { get; }

    static abstract TVector Create(float value);

    static abstract TVector Load(ref readonly float source);

    static abstract void Store(TVector value, ref float destination);

    static abstract TVector Add(TVector left, TVector right);

    static abstract TVector Subtract(TVector left, TVector right);

    static abstract TVector Multiply(TVector left, TVector right);

    static abstract TVector Divide(TVector left, TVector right);

    static abstract TVector SquareRoot(TVector value);


    /// <summary>left·right + addend, fused.</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    static abstract float Sum(TVector value);

    /// <summary>Copies a lanes×lanes block transposed: target[k·targetStride + i] = source[i·sourceStride + k].</summary>
    static abstract void TransposeBlock(ref float source, int sourceStride, ref float target, int targetStride);

    /// <summary>1 / (1 + e^(−x)) to about 1e−7 relative (see <see cref="FloatSigmoid"/>).</summary>
    static abstract TVector Sigmoid(TVector x);
}
