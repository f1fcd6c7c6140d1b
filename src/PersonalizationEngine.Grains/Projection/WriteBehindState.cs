using Orleans.Core;

namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// Writes a grain's state a short delay after its first change, so a burst of events costs one write, and
/// then reports the events that write made durable. Runs on the grain's scheduler (a grain timer).
/// </summary>
internal sealed class WriteBehindState(IGrainBase grain, IStorage storage, IEventProjectionProgress progress, TimeSpan delay)
{
    private readonly List<long> _unwritten = [];
    private bool _dirty;
    private IGrainTimer? _timer;

    /// <summary>The state changed, by applying the event at <paramref name="sequence"/> when given.</summary>
    public void Changed(long? sequence = null)
    {
        _dirty = true;
        if (sequence is { } s) _unwritten.Add(s);
        _timer ??= grain.RegisterGrainTimer(_ => WriteAsync(), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
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
        progress.Persisted(written);
    }
}
