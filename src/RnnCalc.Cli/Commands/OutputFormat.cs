namespace RnnCalc.Cli.Commands;

/// <summary>How a command prints its results.</summary>
internal enum OutputFormat
{
    /// <summary>Tables and progress bars for people.</summary>
    Pretty,

    /// <summary>Exactly what the tutorial's script prints (train only).</summary>
    Reference,

    /// <summary>Machine-readable JSON on stdout only.</summary>
    Json,

    /// <summary>Comma-separated values with a header (sweep).</summary>
    Csv,
}
