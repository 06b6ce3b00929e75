namespace RnnCalc.Checker;

/// <summary>An obligation of the certificate does not hold; the message says which.</summary>
internal sealed class ObligationException(string message) : Exception(message);
