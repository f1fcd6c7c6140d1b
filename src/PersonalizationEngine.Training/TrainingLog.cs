using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Training;

/// <summary>
/// The event log as the trainings read it: once per check, not once per model. The first run of a check reads
/// the log into a <see cref="LogSnapshot"/>; each run queued behind it (the other models due at the same check,
/// a Retrain of several models) reads only the records committed since; when no run is left waiting the snapshot
/// is let go, so between checks the trainings hold nothing. An erasure on this silo since the snapshot was read
/// means reading the log afresh, so a run that starts after an erasure never learns from the erased events
/// (an erasure on another silo of a shared log reaches the next check).
/// </summary>
public sealed class TrainingLog(IEventLog log, TrainingScheduler scheduler)
{
    private readonly Lock _lock = new();
    private LogSnapshot? _shared;

    /// <summary>Events in the log now.</summary>
    public long EventCount => log.EventCount;

    /// <summary>Every event committed so far, shared with the other runs of this check.</summary>
    public LogSnapshot Snapshot()
    {
        lock (_lock)
        {
            if (_shared is null || _shared.Erasures != log.Erasures) _shared = new LogSnapshot(log);
            _shared.CatchUp(log);
            return _shared;
        }
    }

    /// <summary>Called as each run ends: the last run of a check lets the snapshot go.</summary>
    public void RunEnded()
    {
        lock (_lock)
        {
            if (!scheduler.RunsWaiting) _shared = null;
        }
    }
}
