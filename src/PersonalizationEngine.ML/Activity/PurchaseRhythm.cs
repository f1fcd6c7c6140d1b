namespace PersonalizationEngine.ML.Activity;

/// <summary>
/// The rhythm of a customer's orders from their newest purchase days: the latest gap between two orders,
/// the median gap, and how regular the gaps are (standard deviation over mean; 0 = like clockwork).
/// Null gaps mean fewer than two (or, for the variation, three) purchase days.
/// </summary>
public readonly record struct PurchaseRhythm(double? LastGap, double? MedianGap, double? Variation, int ActiveMonths)
{
    /// <param name="today">Day number (see <see cref="DailyActivity.DayOf"/>) the rhythm is seen from.</param>
    public static PurchaseRhythm Of(IReadOnlyList<int> purchaseDays, int today)
    {
        // Distinct 30-day periods back from today, within a year, with an order: loyalty across the year, not one burst.
        var activeMonths = purchaseDays.Where(d => d <= today && today - d < 360).Select(d => (today - d) / 30).Distinct().Count();
        if (purchaseDays.Count < 2) return new PurchaseRhythm(null, null, null, activeMonths);
        var gaps = new double[purchaseDays.Count - 1];
        for (var i = 1; i < purchaseDays.Count; i++) gaps[i - 1] = purchaseDays[i] - purchaseDays[i - 1];
        var last = gaps[^1];
        Array.Sort(gaps);
        var middle = gaps.Length / 2;
        var median = gaps.Length % 2 == 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2;
        if (gaps.Length < 2) return new PurchaseRhythm(last, median, null, activeMonths);
        var mean = gaps.Average();
        var deviation = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length);
        return new PurchaseRhythm(last, median, deviation / mean, activeMonths);
    }
}
