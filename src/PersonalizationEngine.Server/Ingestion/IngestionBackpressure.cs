using PersonalizationEngine.Projection;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Hosting;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// Holds writers back while the grains are far behind the event log, so a writer faster than the
/// projection cannot grow the backlog (and what is kept per waiting event) without bound. Bulk writers
/// (TrackStream, imports, the demo) wait while the grains are more than <see cref="EngineOptions.MaxProjectionLag"/>
/// events behind; a unary Track is never made to wait: beyond a fifth more it is answered
/// RESOURCE_EXHAUSTED with a retry hint. The fifth is the live events' headroom: a bulk load alone stops
/// at the first limit, so live traffic is refused only when it outpaces the grains by itself.
/// </summary>
public sealed class IngestionBackpressure(ProjectionFeed feed, IOptions<EngineOptions> options)
{
    /// <summary>The retry hint for a refused Track: about what the grains need to work off the headroom's worth.</summary>
    public static readonly TimeSpan LiveRetryAfter = TimeSpan.FromSeconds(1);

    private long BulkLimit => options.Value.MaxProjectionLag;

    private long LiveLimit => BulkLimit + BulkLimit / 5;

    public Task WaitForBulkAsync(CancellationToken cancellationToken) =>
        feed.Lag <= BulkLimit ? Task.CompletedTask : feed.WhenLagAtMostAsync(BulkLimit, cancellationToken);

    /// <summary>Throws RESOURCE_EXHAUSTED (with a retry hint) while the grains are too far behind for another live event.</summary>
    public void CheckLive()
    {
        var lag = feed.Lag;
        if (lag <= LiveLimit) return;
        throw Overloaded.Exception(
            $"the grains are {lag:N0} events behind the event log (limit for Track: {LiveLimit:N0}, from Engine:MaxProjectionLag)", LiveRetryAfter);
    }
}
