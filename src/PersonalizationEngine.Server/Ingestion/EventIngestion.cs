using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Server.Serving;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// The write path: records go into the durable event log; once committed (in log order) they update this
/// silo's live catalog and offers and are published to the grains. Callers are acknowledged after the commit.
/// </summary>
public sealed class EventIngestion(FileEventLog log, LiveCatalog catalog, LiveOffers offers, StreamPublisher publisher)
{
    public FileEventLog Log => log;

    public Task<AppendResult> TrackAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken) =>
        log.AppendEventsAsync(events, cancellationToken);

    /// <summary>For bulk writers (streams, imports, the demo): appends once the grains have caught up enough.</summary>
    public async Task<AppendResult> TrackBulkAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken)
    {
        await publisher.WaitForRoomAsync(cancellationToken);
        return await log.AppendEventsAsync(events, cancellationToken);
    }

    public Task UpsertProductsAsync(IReadOnlyList<ProductInfo> products, CancellationToken cancellationToken) =>
        log.AppendProductsAsync(products, cancellationToken);

    public Task UpsertOffersAsync(IReadOnlyList<OfferInfo> upserts, CancellationToken cancellationToken) =>
        log.AppendOffersAsync(upserts, cancellationToken);

    /// <summary>Starts passing committed records on. Records committed before this call are not passed on.</summary>
    public void StartForwarding() => log.OnCommitted(records =>
    {
        foreach (var record in records)
        {
            ApplyToCatalog(record, catalog, offers);
            if (record is EventRecord { Event: var e }) publisher.Enqueue(e);
        }
    });

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
