using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Training;

/// <summary>
/// The event log as the trainings read it: once per check, not once per model. The first run of a check reads
/// the log into a <see cref="LogSnapshot"/>; each run queued behind it (the other models due at the same check,
/// a Retrain of several models) reads only the records committed since. A run with no other queued behind it
/// lets the snapshot go as it reads it: the run keeps only what it builds from the events, and the snapshot
/// (about 130 MB at 2,000,000 events) is freed for the run's own peak instead of held through it; a run
/// queued later reads the log afresh. Between checks the trainings hold nothing. An erasure on this silo since
/// the snapshot was read means reading the log afresh, so a run that starts after an erasure never learns from
/// the erased events (an erasure on another silo of a shared log reaches the next check).
/// </summary>
public sealed class TrainingLog(IEventLog log, TrainingScheduler scheduler)
{
    private readonly Lock _lock = new();
    private LogSnapshot? _shared;

    /// <summary>Events in the log now.</summary>
    public long EventCount => log.EventCount;

    /// <summary>Every event committed so far, shared with the runs queued behind this one (read it once per run).</summary>
    public LogSnapshot Snapshot()
    {
        lock (_lock)
        {
            var snapshot = _shared is { } shared && shared.Erasures == log.Erasures ? shared : new LogSnapshot(log);
            snapshot.CatchUp(log);
            _shared = scheduler.RunsWaiting ? snapshot : null;
            return snapshot;
        }
    }

    /// <summary>Called as each run ends: with no run queued behind it, the snapshot goes.</summary>
    public void RunEnded()
    {
        lock (_lock)
        {
            if (!scheduler.RunsWaiting) _shared = null;
        }
    }
}
