namespace RnnCalc.Network.Kernels;

/// <summary>numpy's exp, vectorised (<see cref="VectorNumpyExp"/>).</summary>
internal readonly struct NumpyExpKind : IExpKind
{
    public static ExpKind Kind => ExpKind.NumpyAvx512;
}
