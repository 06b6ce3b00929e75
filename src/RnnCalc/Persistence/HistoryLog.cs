using System.Globalization;
using System.Text;
using RnnCalc.Training;

namespace RnnCalc.Persistence;

/// <summary>
/// A checkpoint's history, kept beside it in its own CSV file so that writing a checkpoint costs O(state), not
/// O(history so far): each checkpoint appends the rows added since the last one and records how many rows are its
/// own. When the history thins (every other row dropped as it grows) or a run resumes, a new file is written whole;
/// a file is never changed once a checkpoint on disk counts on it, so a kill at any moment leaves a readable pair.
/// </summary>
internal sealed class HistoryLog
{
    private const string Header = "update,error,smoothedError,accuracy";

    private readonly string _checkpoint;
    private string? _file;
    private int _generation = -1;
    private int _written;
    private int _files;
    private readonly List<string> _stale = [];

    public HistoryLog(string checkpointPath)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        _checkpoint = Path.GetFullPath(checkpointPath);
    }

    /// <summary>Brings the side file up to <paramref name="history"/>; returns its file name (beside the checkpoint) and the rows it holds.</summary>
    public (string File, int Rows) Sync(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var rows = history.Rows;
        if (_file is null || history.Generation != _generation || rows.Count < _written)
        {
            if (_file is not null)
            {
                _stale.Add(_file);
            }
            else
            {
                // Files a run before this one left beside the checkpoint: gone once a checkpoint names the new one.
                _stale.AddRange(Directory.EnumerateFiles(Path.GetDirectoryName(_checkpoint)!, Path.GetFileName(_checkpoint) + ".history-*.csv").Select(Path.GetFileName)!);
            }
            // A name no checkpoint on disk refers to yet: this process's id and a counter.
            _file = $"{Path.GetFileName(_checkpoint)}.history-{Environment.ProcessId}-{_files++}.csv";
            var all = new StringBuilder(Header).Append('\n');
            Append(all, rows, 0);
            AtomicFile.WriteAllText(PathOf(_file), all.ToString());
            _generation = history.Generation;
        }
        else if (rows.Count > _written)
        {
            var text = new StringBuilder();
            Append(text, rows, _written);
            File.AppendAllText(PathOf(_file), text.ToString());
        }
        _written = rows.Count;
        return (_file, _written);
    }

    /// <summary>Deletes this checkpoint's other history files, now that the checkpoint on disk names the current one.</summary>
    public void DropOthers()
    {
        foreach (var other in _stale.Where(f => f != _file))
        {
            try
            {
                File.Delete(PathOf(other));
            }
            catch (IOException)
            {
                // Another file left behind costs disk, not correctness.
            }
        }
        _stale.Clear();
    }

    /// <summary>The first <paramref name="rows"/> rows of a side file (rows appended after the last checkpoint are not its own).</summary>
    public static IReadOnlyList<HistoryRow> Read(string checkpointPath, string file, int rows)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        ArgumentNullException.ThrowIfNull(file);
        if (file != Path.GetFileName(file))
        {
            throw new ModelFileException($"history file '{file}' must lie beside the checkpoint");
        }
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, file);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"cannot read the checkpoint's history file '{file}': {e.Message}", e);
        }
        if (lines.Length - 1 < rows)
        {
            throw new ModelFileException(string.Create(CultureInfo.InvariantCulture, $"history file '{file}' has {Math.Max(0, lines.Length - 1)} rows, the checkpoint counts {rows}"));
        }
        try
        {
            return TrainingHistory.ParseCsv(string.Join('\n', lines.Take(rows + 1)));
        }
        catch (FormatException e)
        {
            throw new ModelFileException($"history file '{file}': {e.Message}", e);
        }
    }

    private string PathOf(string file) => Path.Combine(Path.GetDirectoryName(_checkpoint)!, file);

    private static void Append(StringBuilder text, IReadOnlyList<HistoryRow> rows, int from)
    {
        for (var i = from; i < rows.Count; i++)
        {
            TrainingHistory.AppendCsvRow(text, rows[i]);
        }
    }
}
