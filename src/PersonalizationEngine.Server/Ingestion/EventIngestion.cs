using PersonalizationEngine.Grains;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Projection;
using PersonalizationEngine.Server.Hosting;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// The write path: records go into the durable event log; once committed (in log order) they update this
/// silo's live catalog and offers and are fed to the grains. Callers are acknowledged after the commit.
/// </summary>
public sealed class EventIngestion(
    IEventLog log, LiveCatalog catalog, LiveOffers offers, ProjectionFeed feed, IngestionBackpressure backpressure, EngineMetrics metrics)
    : ICommitFollower
{
    public IEventLog Log => log;

    /// <summary>
    /// For live writers (Track): appends; once committed the events go to their customers ahead of any bulk
    /// backlog. Refused (RESOURCE_EXHAUSTED, with a retry hint) while the grains are too far behind.
    /// </summary>
    public async Task<AppendResult> TrackAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken)
    {
        backpressure.CheckLive();
        feed.AppendingLive(events);
        try
        {
            return await AppendAsync(events, cancellationToken);
        }
        finally
        {
            feed.AppendedLive(events);
        }
    }

    /// <summary>
    /// For bulk writers (streams, imports, the demo): appends at the log's speed while the grains keep within
    /// <see cref="IngestionBackpressure"/>'s limit; the projection catches up from the log.
    /// </summary>
    public async Task<AppendResult> TrackBulkAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken)
    {
        await backpressure.WaitForBulkAsync(cancellationToken);
        return await AppendAsync(events, cancellationToken);
    }

    /// <summary>Appends, counts what was new, and traces the wait for the durable commit (most of a Track call).</summary>
    private async Task<AppendResult> AppendAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken)
    {
        using var span = EngineActivities.Source.StartActivity("event log append");
        var result = await log.AppendEventsAsync(events, cancellationToken);
        span?.SetTag("pe.events", events.Count).SetTag("pe.events.appended", result.Appended.Count);
        metrics.EventsIngested(result.Appended.Count);
        return result;
    }

    public Task UpsertProductsAsync(IReadOnlyList<ProductInfo> products, CancellationToken cancellationToken) =>
        log.AppendProductsAsync(products, cancellationToken);

    public Task UpsertOffersAsync(IReadOnlyList<OfferInfo> upserts, CancellationToken cancellationToken) =>
        log.AppendOffersAsync(upserts, cancellationToken);

    /// <summary>Each committed record updates this silo's live catalog and offers (the projection calls this before its feed).</summary>
    public void OnCommitted(IReadOnlyList<LogRecord> records)
    {
        foreach (var record in records) ApplyToCatalog(record, catalog, offers);
    }

    /// <summary>Applies a record to the live catalog and offers: used for committed records and when the log is recovered.</summary>
    public static void ApplyToCatalog(LogRecord record, LiveCatalog catalog, LiveOffers offers)
    {
        switch (record)
        {
            case EventRecord { Event: { ProductId: { } productId } e }:
                catalog.RecordEvent(productId, e.Type, e.Value, e.Text, e.OccurredAt);
                break;
            case ProductRecord { Product: var product }:
                catalog.Upsert(product);
                break;
            case OfferRecord { Offer: var offer }:
                offers.Upsert(offer);
                break;
        }
    }
}
