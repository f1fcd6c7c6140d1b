namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Seasonal decomposition by moving averages. <see cref="Classical"/> is the classical decomposition of one
/// season (additive, or multiplicative for a positive series), as the M4 benchmarks adjust a series before
/// Theta. <see cref="Multiple"/> takes several seasons apart (24 and 168 hours), MSTL-style: each season is
/// estimated in turn from the series less the others' current estimates, and the round repeated, so a
/// weekly effect is not read as a daily one; each season is a fixed profile (one effect per phase).
/// </summary>
public static class SeasonalDecomposition
{
    private const int Rounds = 2;

    /// <summary>The mean of <paramref name="x"/> at each phase of <paramref name="period"/> (NaN values left out), centred to sum 0.</summary>
    public static double[] PhaseMeans(IReadOnlyList<double> x, int period)
    {
        var sums = new double[period];
        var counts = new int[period];
        for (var t = 0; t < x.Count; t++)
        {
            if (double.IsNaN(x[t])) continue;
            sums[t % period] += x[t];
            counts[t % period]++;
        }
        var profile = sums.Select((s, p) => counts[p] > 0 ? s / counts[p] : 0).ToArray();
        var mean = profile.Average();
        return profile.Select(e => e - mean).ToArray();
    }

    /// <summary>
    /// The classical decomposition's seasonal indices of <paramref name="period"/>: multiplicative (around 1)
    /// when every value is positive, otherwise additive (around 0); the series must hold two periods.
    /// </summary>
    public static (double[] Indices, bool Multiplicative) Classical(IReadOnlyList<double> y, int period)
    {
        var trend = CentredMovingAverage(y, period);
        var multiplicative = y.All(v => v > 0);
        var detrended = y.Select((v, t) => double.IsNaN(trend[t]) ? double.NaN : multiplicative ? v / trend[t] : v - trend[t]).ToArray();
        if (!multiplicative) return (PhaseMeans(detrended, period), false);
        var logs = PhaseMeans(detrended.Select(v => double.IsNaN(v) ? v : Math.Log(Math.Max(v, 1e-9))).ToArray(), period);
        return (logs.Select(Math.Exp).ToArray(), true);
    }

    /// <summary>
    /// Each period's profile (one additive effect per phase) and the series less all of them. Periods the
    /// history is too short for (two cycles) are left out of the decomposition and get a zero profile.
    /// </summary>
    public static (double[][] Profiles, double[] Adjusted) Multiple(IReadOnlyList<double> y, IReadOnlyList<int> periods)
    {
        var n = y.Count;
        var profiles = periods.Select(m => new double[m]).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var j = 0; j < periods.Count; j++)
            {
                var m = periods[j];
                if (n < 2 * m) continue;
                var partial = new double[n];
                for (var t = 0; t < n; t++)
                {
                    partial[t] = y[t];
                    for (var i = 0; i < periods.Count; i++) if (i != j) partial[t] -= profiles[i][t % periods[i]];
                }
                var trend = CentredMovingAverage(partial, m);
                profiles[j] = PhaseMeans(partial.Select((v, t) => v - trend[t]).ToArray(), m);
            }
        }
        var adjusted = y.Select((v, t) => v - SumAt(profiles, periods, t)).ToArray();
        return (profiles, adjusted);
    }

    /// <summary>The sum of every profile's effect at step <paramref name="t"/> (counted from the series' start).</summary>
    public static double SumAt(double[][] profiles, IReadOnlyList<int> periods, int t)
    {
        var sum = 0.0;
        for (var i = 0; i < profiles.Length; i++) sum += profiles[i][t % periods[i]];
        return sum;
    }

    /// <summary>The centred moving average over one period (2×m for an even m), NaN where the window does not fit.</summary>
    private static double[] CentredMovingAverage(IReadOnlyList<double> y, int period)
    {
        var n = y.Count;
        var result = new double[n];
        Array.Fill(result, double.NaN);
        var half = period / 2;
        for (var t = half; t < n - half; t++)
        {
            double sum;
            if (period % 2 == 1)
            {
                sum = 0;
                for (var k = t - half; k <= t + half; k++) sum += y[k];
                result[t] = sum / period;
            }
            else
            {
                // 2×m: the ends weigh a half each.
                sum = 0.5 * (y[t - half] + y[t + half]);
                for (var k = t - half + 1; k < t + half; k++) sum += y[k];
                result[t] = sum / period;
            }
        }
        return result;
    }
}
