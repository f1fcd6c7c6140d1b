namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// Counts outstanding deliveries per published event. The watermark is the highest sequence at or below
/// which every published event is persisted by every grain it was sent to: replaying from just above it
/// after a crash loses nothing.
/// </summary>
public sealed class EventProjectionTracker : IEventProjectionProgress
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, int> _outstanding = new();
    private long _highestExpected;
    private long _inFlight;

    public EventProjectionTracker(long startWatermark = 0) => _highestExpected = startWatermark;

    public long Watermark
    {
        get
        {
            lock (_lock)
            {
                return _outstanding.Count == 0 ? _highestExpected : _outstanding.Keys.First() - 1;
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

    /// <summary>Deliveries published but not yet received by their grain (what the stream queues hold).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>One delivery was handed to the stream.</summary>
    public void Published() => Interlocked.Increment(ref _inFlight);

    public void Delivered() => Interlocked.Decrement(ref _inFlight);

    public void Expect(long sequence, int deliveries)
    {
        lock (_lock)
        {
            _highestExpected = Math.Max(_highestExpected, sequence);
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
