namespace RnnCalc.Persistence;

/// <summary>A model file cannot be used; the message says why in one line.</summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException()
    {
    }

    public ModelFileException(string message)
        : base(message)
    {
    }

    public ModelFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
