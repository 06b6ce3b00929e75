using System.Text;

namespace RnnCalc.Persistence;

/// <summary>
/// A model file cannot be used; the message says why in one line. Text quoted from the file (a name, a value) may
/// hold control characters, so they are written as escapes (<c>\n</c>, <c>\u0007</c>) and the message stays one line.
/// </summary>
public sealed class ModelFileException : Exception
{
    /// <summary>A model file error with the default message.</summary>
    public ModelFileException()
    {
    }

    /// <summary>A model file error: <paramref name="message"/> is one line naming the file or field.</summary>
    public ModelFileException(string message)
        : base(OneLine(message))
    {
    }

    /// <summary>A model file error caused by <paramref name="innerException"/>.</summary>
    public ModelFileException(string message, Exception innerException)
        : base(OneLine(message), innerException)
    {
    }

    private static string OneLine(string message)
    {
        if (!message.Any(char.IsControl))
        {
            return message;
        }
        var text = new StringBuilder(message.Length + 8);
        foreach (var c in message)
        {
            _ = c switch
            {
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                _ when char.IsControl(c) => text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }
        return text.ToString();
    }
}
