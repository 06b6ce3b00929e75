namespace RnnCalc.Network.Kernels;

/// <summary>The C library's exp, lane by lane (it has no vector form).</summary>
internal readonly struct LibmExpKind : IExpKind
{
    public static ExpKind Kind => ExpKind.Libm;
}
