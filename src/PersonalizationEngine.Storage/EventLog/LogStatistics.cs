namespace PersonalizationEngine.Storage.EventLog;

/// <summary>What a log holds, counted as its records become durable (or are read back on open): safe to read from any thread.</summary>
internal sealed class LogStatistics
{
    private long _events;
    private long _products;
    private long _lastEventTicks;
    private long _erasures;

    public long EventCount => Interlocked.Read(ref _events);

    public long ProductCount => Interlocked.Read(ref _products);

    public long Erasures => Interlocked.Read(ref _erasures);

    public DateTimeOffset? LastEventAt => Interlocked.Read(ref _lastEventTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Count(LogRecord record)
    {
        switch (record)
        {
            case EventRecord { Event: var e }:
                Interlocked.Increment(ref _events);
                if (e.OccurredAt.UtcTicks > Interlocked.Read(ref _lastEventTicks)) Interlocked.Exchange(ref _lastEventTicks, e.OccurredAt.UtcTicks);
                break;
            case ProductRecord:
                Interlocked.Increment(ref _products);
                break;
        }
    }

    public void Erased(int events)
    {
        Interlocked.Add(ref _events, -events);
        Interlocked.Increment(ref _erasures);
    }
}
