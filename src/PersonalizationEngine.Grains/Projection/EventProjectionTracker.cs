namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// Counts outstanding deliveries per published event. The watermark is the highest sequence at or below
/// which every published event is persisted by every grain it was sent to: replaying from just above it
/// after a crash loses nothing. A delivery expected ahead of log order (<see cref="ExpectAhead"/>) holds
/// the watermark back like any other but does not move it on: the events before it are not published yet.
/// </summary>
public sealed class EventProjectionTracker : IEventProjectionProgress
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, int> _outstanding = new();
    private long _highestExpected;

    public EventProjectionTracker(long startWatermark = 0) => _highestExpected = startWatermark;

    public long Watermark
    {
        get
        {
            lock (_lock)
            {
                return _outstanding.Count == 0 ? _highestExpected : Math.Min(_highestExpected, _outstanding.Keys.First() - 1);
            }
        }
    }

    public int Outstanding
    {
        get
        {
            lock (_lock) return _outstanding.Count;
        }
    }

    public void Expect(long sequence, int deliveries)
    {
        lock (_lock)
        {
            _highestExpected = Math.Max(_highestExpected, sequence);
            if (deliveries > 0) _outstanding[sequence] = _outstanding.GetValueOrDefault(sequence) + deliveries;
        }
    }

    /// <summary>A delivery of an event published ahead of the events before it in the log (a live event expedited to its customer).</summary>
    public void ExpectAhead(long sequence, int deliveries)
    {
        lock (_lock)
        {
            if (deliveries > 0) _outstanding[sequence] = _outstanding.GetValueOrDefault(sequence) + deliveries;
        }
    }

    public void Persisted(IReadOnlyCollection<long> sequences)
    {
        lock (_lock)
        {
            foreach (var sequence in sequences)
            {
                if (!_outstanding.TryGetValue(sequence, out var left)) continue;
                if (left <= 1) _outstanding.Remove(sequence);
                else _outstanding[sequence] = left - 1;
            }
        }
    }
}
