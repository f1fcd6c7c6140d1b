using Orleans.Core;

namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// Writes a grain's state a short delay after its first change, so a burst of events costs one write, and
/// then reports the events that write made durable, except those the grain still holds (their effects on
/// other grains not yet sent), which are reported when released. Runs on the grain's scheduler (a grain timer).
/// </summary>
internal sealed class WriteBehindState(IGrainBase grain, IStorage storage, IEventProjectionProgress progress, TimeSpan delay, Func<long, bool> holds)
{
    private readonly List<long> _unwritten = [];
    /// <summary>Written (or replayed) events whose report waits for their release.</summary>
    private readonly HashSet<long> _held = [];
    private bool _dirty;
    private IGrainTimer? _timer;

    /// <summary>The state changed, by applying the event at <paramref name="sequence"/> when given.</summary>
    public void Changed(long? sequence = null)
    {
        _dirty = true;
        if (sequence is { } s) _unwritten.Add(s);
        _timer ??= grain.RegisterGrainTimer(_ => WriteAsync(), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>The state changed in a way that may wait for the next write (an event's, or deactivation's): no write is scheduled for it.</summary>
    public void ChangedLazily() => _dirty = true;

    /// <summary>A replay of an event the written state already holds: reported at once, unless held.</summary>
    public void Replayed(long sequence) => Report([sequence]);

    /// <summary>The held event may be reported: now if its state is written, else by the next write.</summary>
    public void Released(long sequence)
    {
        if (_held.Remove(sequence)) progress.Persisted([sequence]);
    }

    public async Task WriteAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (!_dirty) return;
        var written = _unwritten.ToArray();
        _unwritten.Clear();
        _dirty = false;
        try
        {
            await storage.WriteStateAsync();
        }
        catch
        {
            // Keep them for the next attempt; the events stay replayable from the log meanwhile.
            _unwritten.AddRange(written);
            Changed();
            throw;
        }
        Report(written);
    }

    private void Report(IReadOnlyCollection<long> sequences)
    {
        var reported = new List<long>(sequences.Count);
        foreach (var sequence in sequences)
        {
            if (holds(sequence)) _held.Add(sequence);
            else reported.Add(sequence);
        }
        if (reported.Count > 0) progress.Persisted(reported);
    }
}
