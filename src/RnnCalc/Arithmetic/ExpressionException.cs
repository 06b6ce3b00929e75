namespace RnnCalc.Arithmetic;

/// <summary>An expression cannot be calculated; the message says where and why in one line.</summary>
public sealed class ExpressionException : Exception
{
    /// <summary>An expression error with the default message.</summary>
    public ExpressionException()
    {
    }

    /// <summary>An expression error: <paramref name="message"/> is one line, e.g. naming the position of an unexpected character.</summary>
    public ExpressionException(string message)
        : base(message)
    {
    }

    /// <summary>An expression error caused by <paramref name="innerException"/>.</summary>
    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
