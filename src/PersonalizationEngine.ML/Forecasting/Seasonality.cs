namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The seasons of a series, as data: the periods (in steps) of its cycles, shortest first (24 and 168 for
/// hourly demand: the day and the week), and whether it is a daily series whose year (365.25 days, too long
/// for seasonal states) is taken out by <see cref="YearlySeason"/> where two years allow. Every seasonal
/// method takes its periods from here, never from a constant. From a series' frequency
/// (<see cref="ForFrequency"/>) or found in the series itself (<see cref="Detect"/>).
/// </summary>
public sealed record Seasonality(IReadOnlyList<int> Periods, bool YearOfDays = false)
{
    public static readonly Seasonality None = new([]);

    /// <summary>Day-of-week demand with its year: what a product grain's daily sales have.</summary>
    public static readonly Seasonality Daily = new([7], YearOfDays: true);

    public static readonly Seasonality Hourly = new([24, 168]);

    /// <summary>The shortest cycle (what seasonal naive and Holt-Winters use); 1 for none.</summary>
    public int Primary => Periods.Count > 0 ? Periods[0] : 1;

    /// <summary>
    /// The seasons a series of this frequency has: hourly 24 and 168, daily 7 (and its year), weekly 52,
    /// monthly 12, quarterly 4, yearly none. Null for a frequency this does not know.
    /// </summary>
    public static Seasonality? ForFrequency(string frequency) => FrequencyName(frequency) switch
    {
        "hourly" => Hourly,
        "daily" => Daily,
        "weekly" => new([52]),
        "monthly" => new([12]),
        "quarterly" => new([4]),
        "yearly" => None,
        _ => null,
    };

    /// <summary>A frequency's name (hourly, daily, weekly, monthly, quarterly, yearly) from it or its short forms (h, hour, ...); null if unknown.</summary>
    public static string? FrequencyName(string frequency) => frequency.ToLowerInvariant() switch
    {
        "hourly" or "hour" or "h" => "hourly",
        "daily" or "day" or "d" => "daily",
        "weekly" or "week" or "w" => "weekly",
        "monthly" or "month" or "m" => "monthly",
        "quarterly" or "quarter" or "q" => "quarterly",
        "yearly" or "year" or "y" => "yearly",
        _ => null,
    };

    /// <summary>
    /// The candidate periods the series shows, shortest first: each one whose autocorrelation, on the series
    /// less a linear trend and less the cycles already found (so 168 hours is found only when the week differs
    /// from seven equal days), is a local peak and above the 90% bound of the M4 benchmarks' seasonality test
    /// (1.645 √((1 + 2 Σ_{k&lt;m} r_k²) / n)), with at least three full cycles in the history.
    /// </summary>
    public static Seasonality Detect(IReadOnlyList<double> series, IEnumerable<int> candidates)
    {
        var remainder = Detrended(series);
        var found = new List<int>();
        foreach (var period in candidates.Distinct().Where(m => m > 1).Order())
        {
            if (!IsSeasonal(remainder, period)) continue;
            found.Add(period);
            var profile = SeasonalDecomposition.PhaseMeans(remainder, period);
            for (var t = 0; t < remainder.Length; t++) remainder[t] -= profile[t % period];
        }
        return new Seasonality(found);
    }

    /// <summary>The M4 benchmarks' test for a season of <paramref name="period"/> steps (90%), on the detrended series.</summary>
    public static bool IsSeasonal(IReadOnlyList<double> series, int period)
    {
        var n = series.Count;
        if (period < 2 || n < 3 * period) return false;
        var acf = Autocorrelations(Detrended(series), period + 1);
        if (acf is null) return false;
        var sum = 0.0;
        for (var k = 1; k < period; k++) sum += acf[k] * acf[k];
        var bound = 1.645 * Math.Sqrt((1 + 2 * sum) / n);
        return acf[period] > bound && acf[period] >= acf[period - 1] && acf[period] >= acf[period + 1];
    }

    /// <summary>r_0..r_maxLag; null for a constant series.</summary>
    private static double[]? Autocorrelations(double[] x, int maxLag)
    {
        var mean = x.Average();
        var denominator = x.Sum(v => (v - mean) * (v - mean));
        if (denominator <= 0) return null;
        var r = new double[maxLag + 1];
        for (var k = 0; k <= maxLag && k < x.Length; k++)
        {
            var s = 0.0;
            for (var t = k; t < x.Length; t++) s += (x[t] - mean) * (x[t - k] - mean);
            r[k] = s / denominator;
        }
        return r;
    }

    private static double[] Detrended(IReadOnlyList<double> y)
    {
        var trend = LinearTrend.Of(y);
        return y.Select((v, t) => v - trend.At(t)).ToArray();
    }
}
