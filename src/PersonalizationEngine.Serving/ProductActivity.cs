using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Serving;

/// <summary>
/// A product's daily activity, changed by committed events and read by concurrent propensity requests.
/// Readers get a copy that is never changed afterwards, made at most once per change: a hundred products
/// scored per request cost no copying while the products see no new events.
/// </summary>
public sealed class ProductActivity
{
    private readonly DailyActivity _live = new();
    private readonly Lock _lock = new();
    private DailyActivity? _snapshot;

    public void Add(BehaviourKind kind, double value, DateTimeOffset at)
    {
        lock (_lock)
        {
            _live.Add(kind, value, at);
            _snapshot = null;
        }
    }

    public DailyActivity Snapshot()
    {
        lock (_lock) return _snapshot ??= _live.Copy();
    }
}
