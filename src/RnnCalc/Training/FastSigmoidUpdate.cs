using System.Runtime.Intrinsics;
using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Network.Kernels;

namespace RnnCalc.Training;

/// <summary>
/// The --fast update of the tutorial's cell: its SGD in single precision with H padded to whole float vectors (8 or
/// 16 lanes), not bit-exact. Its weights live here in floats; <see cref="CopyTo"/> gives the double network checks run on.
/// </summary>
internal sealed class FastSigmoidUpdate : FastUpdate
{
    private readonly FastWeights _weights;
    private readonly FastBuffers _buffers;
    private readonly float _learningRate;
    private readonly bool _wide;

    public FastSigmoidUpdate(RecurrentNetwork initial, int steps, double learningRate)
    {
        _wide = Vector512.IsHardwareAccelerated;
        _weights = new FastWeights(initial, _wide ? Vector512<float>.Count : Vector256<float>.Count);
        _buffers = new FastBuffers(_weights.Padded, steps);
        _learningRate = (float)learningRate;
    }

    public override double Learn(Problem problem, int steps)
    {
        var buffers = _buffers;
        for (var t = 0; t < steps; t++)
        {
            buffers.A[t] = buffers.InputBits[t] = (problem.A >> t) & 1;
            buffers.B[t] = buffers.InputBits[steps + t] = (problem.B >> t) & 1;
            buffers.Target[t] = (problem.Result >> t) & 1;
        }
        return _wide
            ? FastKernels.Step<Vector512<float>, FloatLanes512>(_weights, buffers, steps, _learningRate)
            : FastKernels.Step<Vector256<float>, FloatLanes256>(_weights, buffers, steps, _learningRate);
    }

    public override bool Saturated(int steps) => AllWithin(_buffers.OutputDeltas, steps, Trainer.SaturatedDelta);

    public override byte EmittedBit(int step) => _buffers.Outputs[step] > 0.5f ? (byte)1 : (byte)0;

    public override void CopyTo(RecurrentNetwork network) => _weights.WriteTo(network);
}
