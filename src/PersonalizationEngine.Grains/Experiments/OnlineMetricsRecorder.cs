using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Experiments;

namespace PersonalizationEngine.Grains.Experiments;

/// <summary>
/// This silo's counts of what served lists earned (lists and items served, clicks, carts and purchases
/// attributed to them), per hour, model version and arm, until they are sent to the cluster's
/// <see cref="OnlineMetricsGrain"/> (OnlineMetricsFlush, a few times a second). Recording costs a lock and a
/// dictionary update, so Recommend records its impressions without a grain call of its own.
/// </summary>
public sealed class OnlineMetricsRecorder
{
    private readonly Lock _lock = new();
    private Dictionary<(DateTimeOffset Hour, ServedListTag Tag), Pending> _pending = [];
    /// <summary>Everything taken so far (a count restored after a failed send is taken, and counted, again: Prometheus may count it twice).</summary>
    private readonly Dictionary<ServedListTag, OnlineCounts> _totals = [];

    /// <summary>A list of <paramref name="items"/> products was shown.</summary>
    public void Served(ServedListTag tag, int items, DateTimeOffset at)
    {
        lock (_lock)
        {
            var pending = PendingFor(tag, at);
            pending.Lists++;
            pending.Items += items;
        }
    }

    /// <summary>A click, add-to-cart or purchase named a list of <paramref name="tag"/>; other events are not counted.</summary>
    public void Attributed(ServedListTag tag, InteractionType type, double value, DateTimeOffset at)
    {
        if (type is not (InteractionType.Click or InteractionType.AddToCart or InteractionType.Purchase)) return;
        lock (_lock)
        {
            var pending = PendingFor(tag, at);
            if (type == InteractionType.Click) pending.Clicks++;
            else if (type == InteractionType.AddToCart) pending.Carts++;
            else
            {
                pending.Purchases++;
                pending.Revenue += value;
            }
        }
    }

    /// <summary>A purchase of a product a list of <paramref name="tag"/> showed the customer within the attribution window.</summary>
    public void WindowPurchase(ServedListTag tag, double value, DateTimeOffset at)
    {
        lock (_lock)
        {
            var pending = PendingFor(tag, at);
            pending.WindowPurchases++;
            pending.WindowRevenue += value;
        }
    }

    /// <summary>Everything counted since the last call (the caller sends it, or gives it back with <see cref="Restore"/>).</summary>
    public IReadOnlyList<OnlineMetricRow> Take()
    {
        Dictionary<(DateTimeOffset Hour, ServedListTag Tag), Pending> taken;
        lock (_lock)
        {
            if (_pending.Count == 0) return [];
            (taken, _pending) = (_pending, []);
        }
        var rows = taken.Select(p => new OnlineMetricRow(p.Key.Hour, p.Key.Tag, p.Value.ToCounts())).ToArray();
        lock (_totals)
        {
            foreach (var row in rows) _totals[row.Tag] = _totals.GetValueOrDefault(row.Tag, OnlineCounts.None) + row.Counts;
        }
        return rows;
    }

    /// <summary>What this silo has counted since it started, per version and arm (for its Prometheus counters).</summary>
    public IReadOnlyList<(ServedListTag Tag, OnlineCounts Counts)> Totals()
    {
        lock (_totals) return _totals.Select(t => (t.Key, t.Value)).ToArray();
    }

    /// <summary>Counts that could not be sent: counted again with the next batch.</summary>
    public void Restore(IReadOnlyList<OnlineMetricRow> rows)
    {
        lock (_lock)
        {
            foreach (var row in rows) PendingFor(row.Tag, row.Hour).Add(row.Counts);
        }
    }

    public static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);

    private Pending PendingFor(ServedListTag tag, DateTimeOffset at)
    {
        var key = (HourOf(at), tag);
        if (!_pending.TryGetValue(key, out var pending)) _pending[key] = pending = new Pending();
        return pending;
    }

    /// <summary>Mutable under the lock, so a Recommend allocates nothing here.</summary>
    private sealed class Pending
    {
        public long Lists, Items, Clicks, Carts, Purchases, WindowPurchases;
        public double Revenue, WindowRevenue;

        public void Add(OnlineCounts c)
        {
            Lists += c.Lists;
            Items += c.Items;
            Clicks += c.Clicks;
            Carts += c.Carts;
            Purchases += c.Purchases;
            Revenue += c.Revenue;
            WindowPurchases += c.WindowPurchases;
            WindowRevenue += c.WindowRevenue;
        }

        public OnlineCounts ToCounts() => new(Lists, Items, Clicks, Carts, Purchases, Revenue, WindowPurchases, WindowRevenue);
    }
}
