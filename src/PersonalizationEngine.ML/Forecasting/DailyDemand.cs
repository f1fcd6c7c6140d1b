namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Products' daily unit sales as forecasting series: the best sellers, each a zero-filled series over the
/// shop's whole calendar (first to last day with any sale), so every series ends on the same day.
/// </summary>
public static class DailyDemand
{
    public static IReadOnlyList<M4Series> TopSellers(IReadOnlyDictionary<string, SortedDictionary<DateOnly, double>> unitsByProduct, int count)
    {
        var days = unitsByProduct.Values.SelectMany(d => d.Keys).ToArray();
        if (days.Length == 0) return [];
        var first = days.Min();
        var length = days.Max().DayNumber - first.DayNumber + 1;
        return unitsByProduct
            .Select(p => (Id: p.Key, Days: p.Value, Total: p.Value.Values.Sum()))
            .OrderByDescending(p => p.Total).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Take(count)
            .Select(p =>
            {
                var values = new double[length];
                foreach (var (day, units) in p.Days) values[day.DayNumber - first.DayNumber] = units;
                return new M4Series(p.Id, values);
            })
            .ToList();
    }
}
