using System.Runtime.InteropServices;

namespace PersonalizationEngine.ML.Activity;

/// <summary>
/// Views, add-to-carts, purchases and revenue per day over the latest <see cref="WindowDays"/> days. Only
/// days with activity are kept (oldest first), so a customer who was active on 5 days costs 5 entries, not
/// 90 (at 100,000 customers a dense ring of 90 day buckets was 1.8 KB each). Days are counted from
/// 0001-01-01 (UTC). Events older than the window (relative to the newest day seen) are not counted.
/// </summary>
public sealed class DailyActivity
{
    public const int WindowDays = 90;

    private readonly List<DayCounts> _days;

    public DailyActivity() => _days = [];

    private DailyActivity(int lastDay, List<DayCounts> days)
    {
        LastDay = lastDay;
        _days = days;
    }

    /// <summary>The newest day with activity; -1 before the first event.</summary>
    public int LastDay { get; private set; } = -1;

    /// <summary>The days with activity inside the window, oldest first.</summary>
    public IReadOnlyList<DayCounts> Days => _days;

    public static int DayOf(DateTimeOffset time) => (int)(time.UtcTicks / TimeSpan.TicksPerDay);

    /// <summary>Rebuilds stored activity; days outside the window of <paramref name="lastDay"/> or without counts are dropped.</summary>
    public static DailyActivity FromDays(int lastDay, IEnumerable<DayCounts> days) =>
        new(lastDay, days.Where(d => d.Day > lastDay - WindowDays && d.Day <= lastDay && !d.IsEmpty).OrderBy(d => d.Day).ToList());

    public void Add(BehaviourKind kind, double value, DateTimeOffset occurredAt)
    {
        var day = DayOf(occurredAt);
        if (day > LastDay) AdvanceTo(day);
        if (day <= LastDay - WindowDays) return;
        ref var counts = ref CountsOf(day);
        switch (kind)
        {
            case BehaviourKind.View: counts.Views++; break;
            case BehaviourKind.AddToCart: counts.Carts++; break;
            case BehaviourKind.Purchase:
                counts.Purchases++;
                counts.Revenue += value;
                break;
        }
    }

    /// <summary>Totals over the <paramref name="days"/> days ending with the day of <paramref name="asOf"/>.</summary>
    public ActivityTotals Last(int days, DateTimeOffset asOf)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, WindowDays);
        var end = DayOf(asOf);
        var first = end - days + 1;
        int views = 0, carts = 0, purchases = 0, activeDays = 0;
        double revenue = 0;
        foreach (var d in _days)
        {
            if (d.Day < first || d.Day > end) continue;
            views += d.Views;
            carts += d.Carts;
            purchases += d.Purchases;
            revenue += d.Revenue;
            if (d.Views + d.Carts + d.Purchases > 0) activeDays++;
        }
        return new ActivityTotals(views, carts, purchases, revenue, activeDays);
    }

    /// <summary>An independent copy (for reading while the original keeps changing).</summary>
    public DailyActivity Copy() => new(LastDay, [.. _days]);

    /// <summary>The day's counts, added in day order when the day has none yet (events mostly arrive for the newest day).</summary>
    private ref DayCounts CountsOf(int day)
    {
        var index = _days.Count;
        while (index > 0 && _days[index - 1].Day > day) index--;
        if (index == 0 || _days[index - 1].Day != day) _days.Insert(index, new DayCounts { Day = day });
        else index--;
        return ref CollectionsMarshal.AsSpan(_days)[index];
    }

    private void AdvanceTo(int day)
    {
        LastDay = day;
        var firstKept = 0;
        while (firstKept < _days.Count && _days[firstKept].Day <= day - WindowDays) firstKept++;
        _days.RemoveRange(0, firstKept);
    }
}

/// <summary>One day's counts (see <see cref="DailyActivity"/>).</summary>
public struct DayCounts
{
    public int Day;
    public int Views;
    public int Carts;
    public int Purchases;
    public double Revenue;

    public readonly bool IsEmpty => Views == 0 && Carts == 0 && Purchases == 0 && Revenue == 0;
}
