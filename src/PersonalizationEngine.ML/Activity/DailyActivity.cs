namespace PersonalizationEngine.ML.Activity;

/// <summary>
/// Views, add-to-carts, purchases and revenue per day over the latest <see cref="WindowDays"/> days, in a
/// ring of day buckets: constant memory however long the history. Days are counted from 0001-01-01 (UTC).
/// Events older than the window (relative to the newest day seen) are not counted.
/// </summary>
public sealed class DailyActivity
{
    public const int WindowDays = 90;

    /// <summary>The newest day with activity; -1 before the first event.</summary>
    public int LastDay { get; set; } = -1;
    public int[] Views { get; set; } = new int[WindowDays];
    public int[] Carts { get; set; } = new int[WindowDays];
    public int[] Purchases { get; set; } = new int[WindowDays];
    public double[] Revenue { get; set; } = new double[WindowDays];

    public static int DayOf(DateTimeOffset time) => (int)(time.UtcTicks / TimeSpan.TicksPerDay);

    public void Add(BehaviourKind kind, double value, DateTimeOffset occurredAt)
    {
        var day = DayOf(occurredAt);
        if (day > LastDay) AdvanceTo(day);
        if (day <= LastDay - WindowDays) return;
        var slot = day % WindowDays;
        switch (kind)
        {
            case BehaviourKind.View: Views[slot]++; break;
            case BehaviourKind.AddToCart: Carts[slot]++; break;
            case BehaviourKind.Purchase:
                Purchases[slot]++;
                Revenue[slot] += value;
                break;
        }
    }

    /// <summary>Totals over the <paramref name="days"/> days ending with the day of <paramref name="asOf"/>.</summary>
    public ActivityTotals Last(int days, DateTimeOffset asOf)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, WindowDays);
        var end = DayOf(asOf);
        var first = Math.Max(end - days + 1, LastDay - WindowDays + 1);
        var last = Math.Min(end, LastDay);
        var totals = new ActivityTotals();
        for (var day = first; day <= last; day++)
        {
            var slot = day % WindowDays;
            totals = totals with
            {
                Views = totals.Views + Views[slot],
                Carts = totals.Carts + Carts[slot],
                Purchases = totals.Purchases + Purchases[slot],
                Revenue = totals.Revenue + Revenue[slot],
                ActiveDays = totals.ActiveDays + (Views[slot] + Carts[slot] + Purchases[slot] > 0 ? 1 : 0),
            };
        }
        return totals;
    }

    /// <summary>An independent copy (for reading while the original keeps changing).</summary>
    public DailyActivity Copy() => new()
    {
        LastDay = LastDay,
        Views = (int[])Views.Clone(),
        Carts = (int[])Carts.Clone(),
        Purchases = (int[])Purchases.Clone(),
        Revenue = (double[])Revenue.Clone(),
    };

    private void AdvanceTo(int day)
    {
        // Clear the buckets the ring reuses for the days between the old newest day and this one.
        var start = LastDay < 0 ? day - WindowDays + 1 : Math.Max(LastDay + 1, day - WindowDays + 1);
        for (var d = start; d <= day; d++)
        {
            var slot = d % WindowDays;
            Views[slot] = Carts[slot] = Purchases[slot] = 0;
            Revenue[slot] = 0;
        }
        LastDay = day;
    }
}
