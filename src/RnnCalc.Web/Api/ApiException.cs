using Microsoft.AspNetCore.Http;

namespace RnnCalc.Web.Api;

/// <summary>A request the API refuses: an HTTP status and one line saying why (sent as <c>{"error": …}</c>).</summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(StatusCodes.Status400BadRequest, "bad request")
    {
    }

    public ApiException(string message)
        : this(StatusCodes.Status400BadRequest, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException) => StatusCode = StatusCodes.Status400BadRequest;

    public ApiException(int statusCode, string message)
        : base(message) => StatusCode = statusCode;

    public int StatusCode { get; }
}
