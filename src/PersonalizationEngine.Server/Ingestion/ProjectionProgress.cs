using Microsoft.Extensions.Options;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// How far the grains have applied the log, as GetModelStatus, /metrics and ForgetCustomer see it. The silo that projects
/// knows from its own tracker. With the shared log, a silo that does not project has a tracker that never
/// moves; it reads the shared checkpoint instead (written once a second by the one that does, so it may
/// overstate the lag by a second's events).
/// </summary>
public sealed class ProjectionProgress(IEventLog log, EventProjectionTracker tracker, IProjectionCheckpoint checkpoint, IOptions<EngineOptions> options,
    IServiceProvider services)
{
    private readonly bool _sharedLog = options.Value.SharedLog;

    /// <summary>Log records not yet applied by the grains (0: the live state is caught up).</summary>
    public long Lag => Math.Max(0, log.CommittedSequence - Projected);

    /// <summary>The log position through which the grains have applied (and stored) every event.</summary>
    public long Projected => _sharedLog && !ProjectsHere ? checkpoint.Read() : tracker.Watermark;

    // Resolved when asked: the lease is a hosted service that needs the silo, which needs this.
    private bool ProjectsHere => services.GetService<ProjectionLease>() is { Held: true };
}
