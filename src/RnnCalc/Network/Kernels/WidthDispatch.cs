using System.Runtime.Intrinsics;

namespace RnnCalc.Network.Kernels;

/// <summary>Runs a <see cref="IWidthKernel"/> at <see cref="ExactKernels.LanesFor"/>'s width, with the network's exp.</summary>
internal static class WidthDispatch
{
    /// <summary>False (nothing run) when the hidden size is below the narrowest vector.</summary>
    public static bool Forward<TKernel>(RecurrentNetwork net, BitSequence seq, Unrolling run)
        where TKernel : IWidthKernel
    {
        var numpy = net.Exp == ExpKind.NumpyAvx512;
        switch (ExactKernels.LanesFor(net.Hidden))
        {
            case 8 when numpy:
                TKernel.Forward<Vector512<double>, Lanes512, NumpyExpKind>(net, seq, run);
                return true;
            case 8:
                TKernel.Forward<Vector512<double>, Lanes512, LibmExpKind>(net, seq, run);
                return true;
            case 4 when numpy:
                TKernel.Forward<Vector256<double>, Lanes256, NumpyExpKind>(net, seq, run);
                return true;
            case 4:
                TKernel.Forward<Vector256<double>, Lanes256, LibmExpKind>(net, seq, run);
                return true;
            case 2 when numpy:
                TKernel.Forward<Vector128<double>, Lanes128, NumpyExpKind>(net, seq, run);
                return true;
            case 2:
                TKernel.Forward<Vector128<double>, Lanes128, LibmExpKind>(net, seq, run);
                return true;
            default:
                return false;
        }
    }

    /// <summary>False (nothing run) when the hidden size is below the narrowest vector.</summary>
    public static bool Backward<TKernel>(RecurrentNetwork net, BitSequence seq, Unrolling run, Gradient update)
        where TKernel : IWidthKernel
    {
        switch (ExactKernels.LanesFor(net.Hidden))
        {
            case 8:
                TKernel.Backward<Vector512<double>, Lanes512>(net, seq, run, update);
                return true;
            case 4:
                TKernel.Backward<Vector256<double>, Lanes256>(net, seq, run, update);
                return true;
            case 2:
                TKernel.Backward<Vector128<double>, Lanes128>(net, seq, run, update);
                return true;
            default:
                return false;
        }
    }
}
