namespace RnnCalc.Network.Kernels;

/// <summary>Which exp a kernel instance uses, as a type so the JIT compiles the other one out of the hot loop.</summary>
internal interface IExpKind
{
    static abstract ExpKind Kind { get; }
}
