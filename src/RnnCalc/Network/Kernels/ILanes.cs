namespace RnnCalc.Network.Kernels;

/// <summary>
/// The vector operations the exact kernels use, implemented once per hardware width (<see cref="Lanes512"/>,
/// <see cref="Lanes256"/>, <see cref="Lanes128"/>) so one generic kernel body serves every width: the JIT
/// specialises it per struct, so every call inlines to a single instruction. Every operation rounds once,
/// exactly like its scalar counterpart; <see cref="FusedMultiplyAdd"/> is used inside exp and, in the gated
/// cells' kernels (which are not bit-exact), for the sums of the backward pass.
/// </summary>
internal interface ILanes<TVector>
    where TVector : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract bool IsHardwareAccelerated { get; }

    static abstract TVector Create(double value);

    /// <summary>True when <see cref="Broadcast"/> is one register shuffle (else it goes through memory).</summary>
    static abstract bool BroadcastsInRegisters { get; }

    /// <summary>Every lane set to lane <paramref name="lane"/> of value.</summary>
    static abstract TVector Broadcast(TVector value, int lane);

    static abstract TVector Load(ref readonly double source);

    static abstract void Store(TVector value, ref double destination);

    static abstract TVector Add(TVector left, TVector right);

    static abstract TVector Subtract(TVector left, TVector right);

    static abstract TVector Multiply(TVector left, TVector right);

    static abstract TVector Divide(TVector left, TVector right);

    /// <summary>Flips the sign bit, as unary minus does (−0 for +0).</summary>
    static abstract TVector Negate(TVector value);

    /// <summary>left·right + addend with one rounding (numpy's exp is built from these).</summary>
    static abstract TVector FusedMultiplyAdd(TVector left, TVector right, TVector addend);

    /// <summary>left·right − subtrahend with one rounding.</summary>
    static abstract TVector FusedMultiplySubtract(TVector left, TVector right, TVector subtrahend);

    /// <summary>addend − left·right with one rounding.</summary>
    static abstract TVector FusedMultiplyAddNegated(TVector left, TVector right, TVector addend);

    static abstract TVector Floor(TVector value);

    /// <summary>⌊16·value⌋ / 16, exactly (vrndscalepd keeps four fraction bits in one instruction).</summary>
    static abstract TVector FloorSixteenths(TVector value);

    static abstract TVector Abs(TVector value);

    /// <summary>All-ones lanes where left == right.</summary>
    static abstract TVector EqualsMask(TVector left, TVector right);

    /// <summary>All-ones lanes where left &lt; right (false for NaN).</summary>
    static abstract TVector LessThanMask(TVector left, TVector right);

    static abstract TVector And(TVector left, TVector right);

    /// <summary>left &amp; ~right.</summary>
    static abstract TVector AndNot(TVector left, TVector right);

    /// <summary>A mask with every bit set (every lane "true").</summary>
    static abstract TVector AllBitsSet { get; }

    /// <summary>True when every bit of the mask is set.</summary>
    static abstract bool IsAllBitsSet(TVector mask);

    /// <summary>True when left &lt; right in every lane (false if any lane is NaN).</summary>
    static abstract bool LessThanAll(TVector left, TVector right);

    /// <summary>One bit per lane (bit l for lane l) where left &gt; right.</summary>
    static abstract uint GreaterThanBits(TVector left, TVector right);

    /// <summary>One bit per lane where left ≤ right (false for NaN).</summary>
    static abstract uint LessThanOrEqualBits(TVector left, TVector right);

    /// <summary>Lanes of <paramref name="whenTrue"/> where the mask is all ones, else of <paramref name="whenFalse"/>.</summary>
    static abstract TVector Select(TVector mask, TVector whenTrue, TVector whenFalse);

    /// <summary>The end of numpy's exp: ScaleB(T[j]·poly + T[j], ⌊s/16⌋) with j = s mod 16, T = 2^(j/16), for integral s.</summary>
    static abstract TVector ExpReconstruct(TVector sixteenths, TVector poly);

    /// <summary>value·2^exponent for a whole exponent (|exponent| &lt; 2^51) whose product is a normal number: the exponent added to the exponent field, exact.</summary>
    static abstract TVector ScaleByPowerOfTwo(TVector value, TVector exponent);

    /// <summary>Copies a lanes×lanes block transposed: target[k·targetStride + i] = source[i·sourceStride + k].</summary>
    static abstract void TransposeBlock(ref readonly double source, int sourceStride, ref double target, int targetStride);
}
