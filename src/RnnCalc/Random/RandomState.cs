namespace RnnCalc.Random;

/// <summary>The full state of <see cref="NumpyRandom"/>: the 624 key words and the read position, as numpy's get_state() has them.</summary>
internal sealed record RandomState(uint[] Key, int Position);
