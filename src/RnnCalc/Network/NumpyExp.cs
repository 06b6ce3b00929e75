namespace RnnCalc.Network;

/// <summary>
/// exp(x) bit-identical to numpy 1.24's float64 exp on AVX-512 processors: a table-driven method
/// (Tang's) with 2^(j/16) from a 16-entry table, a degree-6 polynomial, and fused multiply-adds throughout.
/// The constants were measured against numpy; |x| ≥ 707.7 falls back to <see cref="Math.Exp"/>
/// (such inputs saturate the sigmoid either way).
/// </summary>
internal static class NumpyExp
{
    private const double Log2E = 1.4426950408889634;               // 0x3FF71547652B82FE
    private static readonly double Ln2High = BitConverter.Int64BitsToDouble(0x3FE62E42FEFA39EF);
    private static readonly double Ln2Low = BitConverter.Int64BitsToDouble(0x3C7ABC9E3B39803F);
    private static readonly double C2 = BitConverter.Int64BitsToDouble(0x3FE0000000002622);
    private static readonly double C3 = BitConverter.Int64BitsToDouble(0x3FC5555554B508A2);
    private static readonly double C4 = BitConverter.Int64BitsToDouble(0x3FA555564BB4F5F0);
    private static readonly double C5 = BitConverter.Int64BitsToDouble(0x3F81106603D97C00);
    private static readonly double C6 = BitConverter.Int64BitsToDouble(0x3F572EB5EF0D213D);

    /// <summary>2^(j/16), j = 0..15.</summary>
    internal static readonly double[] Table =
    [
        .. new long[]
        {
            0x3FF0000000000000, 0x3FF0B5586CF9890F, 0x3FF172B83C7D517B, 0x3FF2387A6E756238,
            0x3FF306FE0A31B715, 0x3FF3DEA64C123422, 0x3FF4BFDAD5362A27, 0x3FF5AB07DD485429,
            0x3FF6A09E667F3BCD, 0x3FF7A11473EB0187, 0x3FF8ACE5422AA0DB, 0x3FF9C49182A3F090,
            0x3FFAE89F995AD3AD, 0x3FFC199BDD85529C, 0x3FFD5818DCFBA487, 0x3FFEA4AFA2A490DA,
        }.Select(BitConverter.Int64BitsToDouble),
    ];

    /// <summary>Inputs beyond this take numpy's slow path, which we do not reproduce.</summary>
    public const double FastPathLimit = 707.7;

    public static double Exp(double x)
    {
        if (!(Math.Abs(x) < FastPathLimit))
        {
            return Math.Exp(x);
        }
        // n = x·log2(e) rounded down to a multiple of 1/16, judged on the exact product (the fma recovers its error).
        var p = x * Log2E;
        var pError = Math.FusedMultiplyAdd(x, Log2E, -p);
        var sixteenths = Math.Floor(p * 16);
        if (p * 16 == sixteenths && pError < 0)
        {
            sixteenths -= 1;
        }
        var n = sixteenths / 16;
        var j = (int)((long)sixteenths & 15);
        // r = x − n·ln2 in two pieces, so it stays exact to well below an ulp of the result.
        var r = Math.FusedMultiplyAdd(-n, Ln2High, x);
        r = Math.FusedMultiplyAdd(-Ln2Low, n, r);
        var r2 = r * r;
        var high = Math.FusedMultiplyAdd(C6, r, C5);
        var mid = Math.FusedMultiplyAdd(C4, r, C3);
        var r3 = r2 * r;
        var low = Math.FusedMultiplyAdd(r2, C2, r);
        high = Math.FusedMultiplyAdd(r2, high, mid);
        var poly = Math.FusedMultiplyAdd(r3, high, low);
        var t = Table[j];
        return Math.ScaleB(Math.FusedMultiplyAdd(t, poly, t), (int)Math.Floor(n));
    }
}
