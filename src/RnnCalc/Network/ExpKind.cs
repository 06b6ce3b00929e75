namespace RnnCalc.Network;

/// <summary>
/// Which exp the sigmoid uses. The two differ by one ulp on about a quarter of inputs, enough to move the 8th
/// printed digit after 20,000 updates, so reproducing a numpy run means using the exp that numpy used.
/// </summary>
public enum ExpKind
{
    /// <summary>numpy 1.24 on AVX-512 processors (its vectorised float64 exp); the default, as on our machines.</summary>
    NumpyAvx512,

    /// <summary>The C library's exp (<see cref="Math.Exp"/>), as numpy uses on processors without AVX-512.</summary>
    Libm,
}
