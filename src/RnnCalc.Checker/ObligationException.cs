namespace RnnCalc.Checker;

/// <summary>An obligation of the certificate does not hold; the message says which.</summary>
public sealed class ObligationException : Exception
{
    public ObligationException(string message)
        : base(message)
    {
    }

    public ObligationException()
    {
    }

    public ObligationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
