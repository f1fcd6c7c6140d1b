namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The yearly season of a daily series with at least two years of history, by classical decomposition:
/// per day of the year, the mean of a centred 28-day moving average less a centred one-year moving average
/// (the trend), over every year that shows that day; centred to sum 0. Daily series are too noisy, and a
/// year too long, for 365 seasonal states in exponential smoothing: the weekly season stays with
/// Holt-Winters, fitted on the series with this yearly effect taken out (<see cref="SeriesForecaster"/>, <c>hw+yearly</c>).
/// </summary>
public static class YearlySeason
{
    public const int Days = 365;
    private const int Smoothing = 28;

    /// <summary>The additive effect of each day of the year (index t mod 365), or null when the history is shorter than two years.</summary>
    public static double[]? Of(IReadOnlyList<double> history)
    {
        if (history.Count < 2 * Days) return null;
        var sums = new double[Days];
        var counts = new int[Days];
        const int half = Days / 2;
        for (var t = half; t < history.Count - half; t++)
        {
            var effect = Mean(history, t - Smoothing / 2, Smoothing) - Mean(history, t - half, Days);
            sums[t % Days] += effect;
            counts[t % Days]++;
        }
        var profile = sums.Select((s, p) => counts[p] > 0 ? s / counts[p] : 0).ToArray();
        var mean = profile.Average();
        return profile.Select(e => e - mean).ToArray();
    }

    private static double Mean(IReadOnlyList<double> values, int from, int count)
    {
        var sum = 0.0;
        for (var i = from; i < from + count; i++) sum += values[i];
        return sum / count;
    }
}
