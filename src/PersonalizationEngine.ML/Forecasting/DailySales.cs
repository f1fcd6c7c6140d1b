namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// A product's bounded daily sales series: net units and revenue per day with any sale or return, the
/// newest <c>maxDays</c> days kept. The product grain keeps one live and the forecasting trainer builds
/// one per product from the event log with the same <see cref="Add"/>, so the two never disagree.
/// </summary>
public sealed class DailySales
{
    /// <summary>Days with a sale or return, oldest first.</summary>
    public List<SalesDay> Days { get; init; } = [];

    /// <summary>Adds a sale (positive) or a return (negative units and revenue) on <paramref name="day"/>; days older than the bound are dropped.</summary>
    public void Add(DateOnly day, double units, double revenue, int maxDays)
    {
        var number = day.DayNumber;
        if (Days.Count > 0 && number <= Days[^1].Day - maxDays) return; // older than the window kept
        var index = Days.FindLastIndex(d => d.Day <= number);
        if (index >= 0 && Days[index].Day == number)
        {
            var known = Days[index];
            Days[index] = known with { Units = known.Units + units, Revenue = known.Revenue + revenue };
        }
        else
        {
            Days.Insert(index + 1, new SalesDay(number, units, revenue));
        }
        var oldestKept = Days[^1].Day - maxDays + 1;
        var expired = Days.FindIndex(d => d.Day >= oldestKept);
        if (expired > 0) Days.RemoveRange(0, expired);
    }

    /// <summary>The first day with a sale or return, if any.</summary>
    public DateOnly? FirstDay => Days.Count == 0 ? null : DateOnly.FromDayNumber(Days[0].Day);

    /// <summary>
    /// Net units per day through <paramref name="lastDay"/>, zero on days without sales, from the first recorded
    /// day or <paramref name="maxDays"/> before <paramref name="lastDay"/>, whichever is later (empty when nothing is left).
    /// </summary>
    public double[] UnitsThrough(DateOnly lastDay, int maxDays)
    {
        var first = Math.Max(Days.Count == 0 ? int.MaxValue : Days[0].Day, lastDay.DayNumber - maxDays + 1);
        if (Days.Count == 0 || !Days.Exists(d => d.Day >= first && d.Day <= lastDay.DayNumber)) return [];
        var units = new double[lastDay.DayNumber - first + 1];
        foreach (var day in Days)
        {
            if (day.Day >= first && day.Day <= lastDay.DayNumber) units[day.Day - first] += day.Units;
        }
        return units;
    }
}
