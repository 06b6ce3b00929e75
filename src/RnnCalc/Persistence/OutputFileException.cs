namespace RnnCalc.Persistence;

/// <summary>A file RnnCalc was asked to write cannot be written; the message is one line for the user.</summary>
public sealed class OutputFileException : Exception
{
    public OutputFileException()
    {
    }

    public OutputFileException(string message)
        : base(message)
    {
    }

    public OutputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
