namespace RnnCalc.Arithmetic;

/// <summary>An expression cannot be calculated; the message says where and why in one line.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
