namespace RnnCalc.Persistence.Interop;

/// <summary>One tensor as another program names and shapes it (<c>rnn.bias_ih_l0</c>, (3H,)), and our table's name for it.</summary>
internal sealed record ForeignTensor(string Key, string Tensor, IReadOnlyList<int> Shape);
