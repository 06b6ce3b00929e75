using System.Globalization;
using System.Text;

namespace RnnCalc.Training;

/// <summary>
/// The error after every update (raw and exponentially smoothed) and the exhaustive accuracy at each check —
/// what the training curve plots. Long runs keep every k-th update (k doubles as needed) so memory stays
/// bounded; check rows are always kept.
/// </summary>
public sealed class TrainingHistory
{
    /// <summary>Smoothing weight of the newest error (an average over about 100 updates).</summary>
    public const double SmoothingWeight = 0.01;

    /// <summary>Most rows kept: beyond it every other plain row is dropped and <see cref="Stride"/> doubles.</summary>
    public const int MaxRows = 100_000;

    private readonly List<HistoryRow> _rows = [];

    /// <summary>The rows kept, oldest first.</summary>
    public IReadOnlyList<HistoryRow> Rows => _rows;

    /// <summary>Every how many updates a plain row is kept.</summary>
    public long Stride { get; private set; } = 1;

    /// <summary>The smoothed error after the last update (NaN before the first).</summary>
    public double Smoothed { get; private set; } = double.NaN;

    /// <summary>Counts the times rows were dropped or replaced (thinning, restoring): rows are only appended in between.</summary>
    public int Generation { get; private set; }

    /// <summary>Records one update's error, and the accuracy when an exhaustive check ran at it.</summary>
    public void Record(long update, double error, double? accuracy)
    {
        Smoothed = double.IsNaN(Smoothed) ? error : Smoothed + (SmoothingWeight * (error - Smoothed));
        if (accuracy is null && update % Stride != 0)
        {
            return;
        }
        _rows.Add(new HistoryRow(update, error, Smoothed, accuracy));
        if (_rows.Count >= MaxRows)
        {
            Thin();
        }
    }

    /// <summary>Continues a history saved in a checkpoint.</summary>
    public void Restore(IEnumerable<HistoryRow> rows, long stride, double smoothed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows.Clear();
        _rows.AddRange(rows);
        Generation++;
        Stride = stride;
        Smoothed = smoothed;
    }

    /// <summary>CSV with a header: update,error,smoothedError,accuracy (accuracy empty where no check was made).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("update,error,smoothedError,accuracy\n");
        foreach (var row in _rows)
        {
            AppendCsvRow(csv, row);
        }
        return csv.ToString();
    }

    /// <summary>One CSV line of <see cref="ToCsv"/>.</summary>
    public static void AppendCsvRow(StringBuilder csv, HistoryRow row)
    {
        ArgumentNullException.ThrowIfNull(csv);
        csv.Append(CultureInfo.InvariantCulture, $"{row.Update},{row.Error:R},{row.SmoothedError:R},{(row.Accuracy is { } a ? a.ToString("R", CultureInfo.InvariantCulture) : string.Empty)}\n");
    }

    /// <summary>Reads what <see cref="ToCsv"/> wrote.</summary>
    public static IReadOnlyList<HistoryRow> ParseCsv(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var rows = new List<HistoryRow>();
        var lines = csv.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != "update,error,smoothedError,accuracy")
        {
            throw new FormatException("a history file starts with the line 'update,error,smoothedError,accuracy'");
        }
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != 4
                || !long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var update)
                || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var error)
                || !double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var smoothed))
            {
                throw new FormatException($"line {i + 1} of the history is not 'update,error,smoothedError,accuracy'");
            }
            double? accuracy = null;
            if (cells[3].Length > 0)
            {
                if (!double.TryParse(cells[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var a))
                {
                    throw new FormatException($"line {i + 1} of the history has an unreadable accuracy");
                }
                accuracy = a;
            }
            rows.Add(new HistoryRow(update, error, smoothed, accuracy));
        }
        return rows;
    }

    private void Thin()
    {
        Stride *= 2;
        Generation++;
        _rows.RemoveAll(r => r.Accuracy is null && r.Update % Stride != 0);
    }
}
