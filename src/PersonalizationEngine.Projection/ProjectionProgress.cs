using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.Storage.Checkpoints;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Projection;

/// <summary>
/// How far the grains have applied the log, as GetModelStatus, /metrics and ForgetCustomer see it. The silo that projects
/// knows from its own tracker. With the shared log, a silo that does not project (its feed never started: only the
/// lease holder starts it) has a tracker that never moves; it reads the shared checkpoint instead (written once a
/// second by the one that does, so it may overstate the lag by a second's events).
/// </summary>
public sealed class ProjectionProgress(IEventLog log, EventProjectionTracker tracker, IProjectionCheckpoint checkpoint, ProjectionFeed feed,
    ProjectionSettings settings, TimeProvider time)
{
    /// <summary>How often a silo that does not project rereads the shared checkpoint while it waits (its only signal from the projecting silo).</summary>
    private static readonly TimeSpan SharedCheckpointPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Log records not yet applied by the grains (0: the live state is caught up).</summary>
    public long Lag => Math.Max(0, log.CommittedSequence - Projected);

    /// <summary>The log position through which the grains have applied (and stored) every event.</summary>
    public long Projected => settings.SharedLog && !feed.Started ? checkpoint.Read() : tracker.Watermark;

    /// <summary>Completes with true once the grains have applied the log through <paramref name="sequence"/>; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WhenProjectedAsync(long sequence, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await PassedAsync(sequence, cancellationToken).WaitAsync(timeout, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task PassedAsync(long sequence, CancellationToken cancellationToken)
    {
        if (!settings.SharedLog || feed.Started)
        {
            await tracker.WhenPassedAsync(sequence, cancellationToken);
            return;
        }
        while (checkpoint.Read() < sequence) await Task.Delay(SharedCheckpointPoll, time, cancellationToken);
    }
}
