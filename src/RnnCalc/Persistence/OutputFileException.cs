namespace RnnCalc.Persistence;

/// <summary>A file RnnCalc was asked to write cannot be written; the message is one line for the user.</summary>
public sealed class OutputFileException : Exception
{
    /// <summary>An output file error with the default message.</summary>
    public OutputFileException()
    {
    }

    /// <summary>An output file error: <paramref name="message"/> is one line naming the path.</summary>
    public OutputFileException(string message)
        : base(message)
    {
    }

    /// <summary>An output file error caused by <paramref name="innerException"/>.</summary>
    public OutputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// <paramref name="path"/> could not be written because creating <paramref name="helperFile"/> (a temporary or
    /// probe file in <paramref name="directory"/>) failed: said in the user's terms, never naming the helper file.
    /// </summary>
    internal static OutputFileException CannotCreateIn(string path, string directory, string helperFile, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(helperFile);
        var where = $"files cannot be created in '{directory}'";
        var why = error switch
        {
            UnauthorizedAccessException => $"permission denied: {where}",
            FileNotFoundException or DirectoryNotFoundException => where,
            _ when error.Message.Contains(helperFile, StringComparison.Ordinal) =>
                $"{where} ({error.Message.Replace($" : '{helperFile}'", string.Empty, StringComparison.Ordinal).Replace($"'{helperFile}'", string.Empty, StringComparison.Ordinal).Trim().TrimEnd('.')})",
            _ => error.Message,
        };
        return new OutputFileException($"cannot write '{path}': {why}", error);
    }
}
