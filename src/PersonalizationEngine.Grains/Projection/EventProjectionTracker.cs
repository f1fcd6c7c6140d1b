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
    private readonly bool _checkpointed;
    private long _checkpoint;
    /// <summary>Changed whenever the watermark may have moved on (<see cref="WhenPassedAsync"/>).</summary>
    private readonly ChangeSignal _moved = new();

    /// <param name="startWatermark">The checkpoint the projection starts after.</param>
    /// <param name="checkpointed">
    /// Whether grain state is durable and a checkpoint is written (<see cref="CheckpointWritten"/>); without
    /// one (grain state in memory, rebuilt from the whole log on every start) no restart replays into kept
    /// state, and the watermark serves as the checkpoint.
    /// </param>
    public EventProjectionTracker(long startWatermark = 0, bool checkpointed = false) =>
        (_highestExpected, _checkpoint, _checkpointed) = (startWatermark, startWatermark, checkpointed);

    public long Checkpoint
    {
        get
        {
            lock (_lock) return _checkpointed ? _checkpoint : WatermarkLocked();
        }
    }

    /// <summary>The projection checkpoint was written at <paramref name="sequence"/>: replays after a crash start after it.</summary>
    public void CheckpointWritten(long sequence)
    {
        lock (_lock) _checkpoint = Math.Max(_checkpoint, sequence);
    }

    public long Watermark
    {
        get
        {
            lock (_lock) return WatermarkLocked();
        }
    }

    private long WatermarkLocked() =>
        _outstanding.Count == 0 ? _highestExpected : Math.Min(_highestExpected, _outstanding.Keys.First() - 1);

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
        _moved.Changed();
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
        _moved.Changed();
    }

    /// <summary>Completes once the watermark is at or past <paramref name="sequence"/>: every event up to it is stored by its grains.</summary>
    public Task WhenPassedAsync(long sequence, CancellationToken cancellationToken = default) =>
        _moved.WhenAsync(() => Watermark >= sequence, cancellationToken);
}
