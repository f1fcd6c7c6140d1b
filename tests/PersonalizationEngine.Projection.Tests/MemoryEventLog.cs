using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Projection.Tests;

/// <summary>
/// An event log in memory, to test the projection apart from storage: an append commits at once, in order,
/// and reaches the commit listener before it completes, as a durable log's group commit does; a retried
/// event id is a duplicate. Erasure belongs to the storage tests and is not offered here.
/// </summary>
internal sealed class MemoryEventLog : IEventLog
{
    private readonly Lock _lock = new();
    private readonly List<LogRecord> _records = [];
    private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
    private Action<IReadOnlyList<LogRecord>>? _listener;

    private long _committed;

    /// <summary>Read without the log's lock: the feed asks for it under its own lock, while a commit holds this one and calls the feed.</summary>
    public long CommittedSequence => Interlocked.Read(ref _committed);

    public long EventCount
    {
        get
        {
            lock (_lock) return _records.Count(r => r is EventRecord);
        }
    }

    public long ProductCount
    {
        get
        {
            lock (_lock) return _records.OfType<ProductRecord>().Select(r => r.Product.ProductId).Distinct().Count();
        }
    }

    public DateTimeOffset? LastEventAt
    {
        get
        {
            lock (_lock) return _records.OfType<EventRecord>().Select(r => (DateTimeOffset?)r.Event.OccurredAt).Max();
        }
    }

    public long Erasures => 0;

    public void OnCommitted(Action<IReadOnlyList<LogRecord>> listener) => _listener = listener;

    public Task<AppendResult> AppendEventsAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken = default)
    {
        // Evaluated under the log's lock, in order: a retried id is a duplicate.
        var committed = Commit(events.Where(e => _eventIds.Add(e.EventId)), (e, sequence) => new EventRecord(e with { Sequence = sequence }));
        var appended = committed.Select(r => ((EventRecord)r).Event).ToArray();
        return Task.FromResult(new AppendResult(appended, events.Count - appended.Length));
    }

    public Task AppendProductsAsync(IReadOnlyList<ProductInfo> products, CancellationToken cancellationToken = default)
    {
        Commit(products, (p, sequence) => new ProductRecord(sequence, p));
        return Task.CompletedTask;
    }

    public Task AppendOffersAsync(IReadOnlyList<OfferInfo> offers, CancellationToken cancellationToken = default)
    {
        Commit(offers, (o, sequence) => new OfferRecord(sequence, o));
        return Task.CompletedTask;
    }

    public Task<Erasure> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("erasure is tested with the storage's own logs");

    public IEnumerable<LogRecord> ReadAfter(long afterSequence)
    {
        lock (_lock) return _records.Where(r => r.Sequence > afterSequence).ToArray();
    }

    public IAsyncEnumerable<LogRecord> ReadAfterAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        ReadAfter(afterSequence).ToAsyncEnumerable();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Numbers the items' records on from the log's end, appends them and hands them to the listener, as one group.</summary>
    private List<LogRecord> Commit<T>(IEnumerable<T> items, Func<T, long, LogRecord> record)
    {
        lock (_lock)
        {
            var records = new List<LogRecord>();
            foreach (var item in items) records.Add(record(item, _records.Count + records.Count + 1));
            _records.AddRange(records);
            Interlocked.Exchange(ref _committed, _records.Count);
            if (records.Count > 0) _listener?.Invoke(records);
            return records;
        }
    }
}
