using RnnCalc.Persistence;
using RnnCalc.Training;

namespace RnnCalc.Cli.Console;

/// <summary>The terminal's side of a training run: a row at every progress update, progress-bar ticks, and the checkpoint file.</summary>
internal sealed class TrainingPrinter(Action<TrainingProgress>? row, long checkpointEvery, string? checkpointPath) : TrainingObserver
{
    private HistoryLog? _log;

    public Action<TrainingProgress>? Row { get; set; } = row;

    public Action<long>? Tick { get; set; }

    public override long CheckpointEvery => checkpointPath is null ? 0 : checkpointEvery;

    public override void OnProgress(TrainingProgress progress) => Row?.Invoke(progress);

    public override void OnTick(long updates) => Tick?.Invoke(updates);

    public override void OnCheckpoint(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (checkpointPath is null)
        {
            return;
        }
        if (trainer.History is { } history)
        {
            // The history goes beside the checkpoint, appended: a checkpoint costs O(state), not O(history so far).
            _log ??= new HistoryLog(checkpointPath);
            CheckpointFile.Save(checkpointPath, trainer.Model(), trainer.SaveState(withHistoryRows: false), _log, history);
        }
        else
        {
            CheckpointFile.Save(checkpointPath, trainer.Model(), trainer.SaveState());
        }
    }
}
