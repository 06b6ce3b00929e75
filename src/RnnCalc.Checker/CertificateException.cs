namespace RnnCalc.Checker;

/// <summary>The certificate cannot be read: not JSON, not a certificate, or a field missing or of the wrong kind.</summary>
public sealed class CertificateException : Exception
{
    public CertificateException(string message)
        : base(message)
    {
    }

    public CertificateException()
    {
    }

    public CertificateException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
