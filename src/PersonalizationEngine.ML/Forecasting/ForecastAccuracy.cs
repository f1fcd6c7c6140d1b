namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The M4 competition's point-forecast errors, exactly as its guide defines them (Makridakis, Spiliotis
/// and Assimakopoulos 2020): sMAPE in percent, and MASE scaled by the in-sample mean absolute error of
/// the seasonal naive forecast with period <c>m</c> (M4 uses m = 1 for weekly and daily data).
/// </summary>
public static class ForecastAccuracy
{
    /// <summary>200/h · Σ |y − ŷ| / (|y| + |ŷ|); a step where both are 0 counts 0.</summary>
    public static double Smape(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        CheckLengths(actual, forecast);
        var sum = 0.0;
        for (var t = 0; t < actual.Count; t++)
        {
            var denominator = Math.Abs(actual[t]) + Math.Abs(forecast[t]);
            if (denominator > 0) sum += Math.Abs(actual[t] - forecast[t]) / denominator;
        }
        return 200.0 * sum / actual.Count;
    }

    /// <summary>(1/h · Σ |y − ŷ|) / (1/(n − m) · Σ_{t>m} |x_t − x_{t−m}|) over the training series x.</summary>
    public static double Mase(IReadOnlyList<double> history, IReadOnlyList<double> actual, IReadOnlyList<double> forecast, int m = 1)
    {
        CheckLengths(actual, forecast);
        if (history.Count <= m) throw new ArgumentException($"MASE needs more than {m} history values", nameof(history));
        var scale = 0.0;
        for (var t = m; t < history.Count; t++) scale += Math.Abs(history[t] - history[t - m]);
        scale /= history.Count - m;
        var error = 0.0;
        for (var t = 0; t < actual.Count; t++) error += Math.Abs(actual[t] - forecast[t]);
        error /= actual.Count;
        return scale > 0 ? error / scale : error == 0 ? 0 : double.PositiveInfinity;
    }

    private static void CheckLengths(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        if (actual.Count != forecast.Count || actual.Count == 0)
            throw new ArgumentException($"actual ({actual.Count}) and forecast ({forecast.Count}) need the same, non-zero length");
    }
}
