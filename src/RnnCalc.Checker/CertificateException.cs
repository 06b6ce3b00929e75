namespace RnnCalc.Checker;

/// <summary>The certificate cannot be read: not JSON, not a certificate, or a field missing or of the wrong kind.</summary>
internal sealed class CertificateException(string message) : Exception(message);
