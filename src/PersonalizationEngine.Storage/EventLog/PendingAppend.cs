using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// One request waiting for a log's writer: events, or catalog and offer upserts that are given their
/// sequence number when staged; or an erasure. <see cref="Completion"/> is set once it is durable.
/// </summary>
internal sealed record PendingAppend(IReadOnlyList<TrackedEvent> Events, IReadOnlyList<Func<long, LogRecord>> Upserts, string? EraseCustomerId = null)
{
    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The log's last sequence once this request was staged (what a shared log's tail must reach before answering).</summary>
    public long LastSequence { get; set; }

    public static PendingAppend OfEvents(IReadOnlyList<TrackedEvent> events) => new(events, []);

    public static PendingAppend OfProducts(IReadOnlyList<ProductInfo> products) =>
        new([], products.Select(p => (Func<long, LogRecord>)(sequence => new ProductRecord(sequence, p))).ToArray());

    public static PendingAppend OfOffers(IReadOnlyList<OfferInfo> offers) =>
        new([], offers.Select(o => (Func<long, LogRecord>)(sequence => new OfferRecord(sequence, o))).ToArray());

    public static PendingAppend OfErasure(string customerId) => new([], [], customerId);
}
