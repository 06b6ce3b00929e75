using System.Runtime.CompilerServices;

namespace RnnCalc.Network.Kernels;

/// <summary>Transposition element by element, for widths without a shuffle network.</summary>
internal static class ScalarTranspose
{
    /// <summary>target[k·targetStride + i] = source[i·sourceStride + k] for i, k &lt; size.</summary>
    public static void Block<T>(ref readonly T source, int sourceStride, ref T target, int targetStride, int size)
        where T : unmanaged
    {
        ref var row = ref Unsafe.AsRef(in source);
        for (var i = 0; i < size; i++)
        {
            ref var column = ref Unsafe.Add(ref target, i);
            for (var k = 0; k < size; k++)
            {
                Unsafe.Add(ref column, k * targetStride) = Unsafe.Add(ref row, k);
            }
            row = ref Unsafe.Add(ref row, sourceStride);
        }
    }
}
