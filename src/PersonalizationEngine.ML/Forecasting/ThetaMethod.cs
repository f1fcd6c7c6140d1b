namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The Theta method as the M4 competition's benchmark runs it (Assimakopoulos and Nikolopoulos, 2000; Hyndman
/// and Billah's form, R's <c>forecast::thetaf</c>): where the seasonality test passes for the series' primary
/// period (<see cref="Seasonality.IsSeasonal"/>), the series is seasonally adjusted by classical decomposition
/// (<see cref="SeasonalDecomposition.Classical"/>); simple exponential smoothing of the adjusted series plus
/// half the slope of its linear trend, b/2 · (h − 1 + (1 − (1 − α)ⁿ)/α); the season put back. Intervals are
/// those of the simple exponential smoothing model, seasonally rescaled.
/// </summary>
public static class ThetaMethod
{
    public static Forecast Forecast(IReadOnlyList<double> history, int horizon, Seasonality seasonality)
    {
        var n = history.Count;
        var period = seasonality.Primary;
        var seasonal = period > 1 && n >= 2 * period && Seasonality.IsSeasonal(history, period);
        var (indices, multiplicative) = seasonal ? SeasonalDecomposition.Classical(history, period) : ([], false);
        double Effect(int t) => indices.Length == 0 ? (multiplicative ? 1 : 0) : indices[t % period];
        var adjusted = history.Select((y, t) => multiplicative ? y / Effect(t) : y - Effect(t)).ToArray();

        var ses = ExponentialSmoothing.Fit(adjusted, TrendForm.None);
        var alpha = ses.Parameters.Alpha;
        var drift = 0.5 * LinearTrend.Of(adjusted).Slope;
        var points = ExponentialSmoothing.Forecast(ses, horizon).Select((p, i) =>
        {
            var moved = p.Shifted(drift * (i + (1 - Math.Pow(1 - alpha, n)) / alpha));
            var effect = Effect(n + i);
            return multiplicative
                ? new ForecastPoint(moved.Value * effect, moved.Lower80 * effect, moved.Upper80 * effect, moved.Lower95 * effect, moved.Upper95 * effect)
                : moved.Shifted(effect);
        }).ToArray();
        return new Forecast(seasonal ? $"theta-seasonal{period}" : "theta", points);
    }
}
