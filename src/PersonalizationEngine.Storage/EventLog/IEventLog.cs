using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// The durable, ordered record of everything accepted: behavioural events, catalog and offer upserts.
/// Every record has a sequence number (1-based, increasing, without gaps); an append completes once its
/// records are durable, and committed records reach the <see cref="OnCommitted"/> listener in sequence
/// order. <see cref="FileEventLog"/> is one silo's log on local disk; <see cref="PostgresEventLog"/> is
/// one log shared by every silo of a cluster.
/// </summary>
public interface IEventLog : IAsyncDisposable
{
    /// <summary>The highest sequence this silo has seen committed: everything up to it can be read back.</summary>
    long CommittedSequence { get; }

    long EventCount { get; }

    long ProductCount { get; }

    DateTimeOffset? LastEventAt { get; }

    /// <summary>
    /// How many erasures this silo has made since the log opened: a reader that keeps what it read (the
    /// trainings' shared <c>LogSnapshot</c>) reads again when it changes.
    /// </summary>
    long Erasures { get; }

    /// <summary>Called, in sequence order, with each group of committed records (those of every writer, for a shared log).</summary>
    void OnCommitted(Action<IReadOnlyList<LogRecord>> listener);

    /// <summary>Appends events; completes once they are durable. Sequence numbers in the input are ignored; retried event ids are not appended twice.</summary>
    Task<AppendResult> AppendEventsAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Appends catalog upserts; completes once they are durable.</summary>
    Task AppendProductsAsync(IReadOnlyList<ProductInfo> products, CancellationToken cancellationToken = default);

    /// <summary>Appends offer upserts; completes once they are durable.</summary>
    Task AppendOffersAsync(IReadOnlyList<OfferInfo> offers, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases every event of <paramref name="customerId"/> durable so far, in place (<see cref="ErasedRecord"/>),
    /// ordered with the appends: an event acknowledged before this call is erased, one appended after it is kept.
    /// </summary>
    Task<Erasure> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the records after <paramref name="afterSequence"/> that were committed when the call began, in order.
    /// For readers on threads of their own (training, recovery at start-up).
    /// </summary>
    IEnumerable<LogRecord> ReadAfter(long afterSequence);

    /// <summary>
    /// <see cref="ReadAfter"/> for readers on the thread pool (the projection catching up): no thread is held
    /// while a page of the shared log is read.
    /// </summary>
    IAsyncEnumerable<LogRecord> ReadAfterAsync(long afterSequence, CancellationToken cancellationToken = default);
}

/// <summary>What an erasure did: how many events it erased, and the log position it was ordered at.</summary>
public sealed record Erasure(int Events, long ThroughSequence);
