namespace RnnCalc.Network.Kernels;

/// <summary>
/// A forward pass and a backward pass written once, generic over the vector width (and the forward pass over the
/// exp), for <see cref="WidthDispatch"/> to run at the width a network's hidden size gets on this processor.
/// </summary>
internal interface IWidthKernel
{
    static abstract void Forward<TVector, TLanes, TExp>(RecurrentNetwork net, BitSequence seq, Unrolling run)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
        where TExp : struct, IExpKind;

    static abstract void Backward<TVector, TLanes>(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>;
}
