namespace RnnCalc.Training;

/// <summary>
/// What a host listens to while the one training loop (<see cref="Trainer.Run"/>) runs: the terminal's rows and
/// progress bar, the JSON lines, checkpoints, the web page's event stream. Every method does nothing by default.
/// </summary>
public abstract class TrainingObserver
{
    /// <summary>Updates between <see cref="OnCheckpoint"/> calls; 0 = none.</summary>
    public virtual long CheckpointEvery => 0;

    /// <summary>After every update; <paramref name="accuracy"/> is the exhaustive check's if one ran at this update.</summary>
    public virtual void OnUpdate(Trainer trainer, double? accuracy)
    {
    }

    /// <summary>
    /// At updates 1, PrintEvery + 1, 2·PrintEvery + 1, … — the examples the tutorial prints at <c>j % 800 == 0</c>, its j
    /// counting from 0 where updates here count from 1 (the number of updates made, as everywhere in rnncalc).
    /// </summary>
    public virtual void OnProgress(TrainingProgress progress)
    {
    }

    /// <summary>Every 1,024 updates, for progress bars.</summary>
    public virtual void OnTick(long updates)
    {
    }

    /// <summary>Every <see cref="CheckpointEvery"/> updates.</summary>
    public virtual void OnCheckpoint(Trainer trainer)
    {
    }
}
