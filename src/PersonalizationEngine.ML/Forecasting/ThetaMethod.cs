namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The Theta method as the M4 competition's benchmark runs it (Assimakopoulos and Nikolopoulos, 2000; Hyndman
/// and Billah's form, R's <c>forecast::thetaf</c>): where the seasonality test passes for the series' primary
/// period (<see cref="Seasonality.IsSeasonal"/>), the series is seasonally adjusted by classical decomposition
/// (<see cref="SeasonalDecomposition.Classical"/>); simple exponential smoothing of the adjusted series plus
/// half the slope of its linear trend, b/2 · (h − 1 + (1 − (1 − α)ⁿ)/α); the season put back. Intervals are
/// those of the simple exponential smoothing model, seasonally rescaled. <see cref="Optimised"/> is the same
/// with θ, α and the initial level fitted together (the optimised Theta model).
/// </summary>
public static class ThetaMethod
{
    public static Forecast Forecast(IReadOnlyList<double> history, int horizon, Seasonality seasonality) =>
        SeasonallyAdjusted(history, horizon, seasonality, "theta", (adjusted, h) =>
        {
            var n = adjusted.Length;
            var ses = ExponentialSmoothing.Fit(adjusted, TrendForm.None);
            var alpha = ses.Parameters.Alpha;
            var drift = 0.5 * LinearTrend.Of(adjusted).Slope;
            return ExponentialSmoothing.Forecast(ses, h).Select((p, i) => p.Shifted(drift * (i + (1 - Math.Pow(1 - alpha, n)) / alpha))).ToArray();
        });

    /// <summary>
    /// The optimised Theta model (Fiorucci, Pellegrini, Louzada, Petropoulos and Koehler, IJF 2016): one-step
    /// predictions μₜ = ℓₜ₋₁ + (1 − 1/θ)·((1 − α)ᵗ⁻¹·A + (1 − (1 − α)ᵗ)/α · B), ℓₜ = α·yₜ + (1 − α)·ℓₜ₋₁, with A and
    /// B the intercept and slope of the series' linear trend; θ (from 1 to 5, the range that validated best on
    /// M4 Weekly), α and ℓ₀ minimise the squared one-step errors. θ = 2 is the standard method with its level fitted beside the drift; a larger θ follows the
    /// trend more, θ = 1 is simple exponential smoothing.
    /// </summary>
    public static Forecast Optimised(IReadOnlyList<double> history, int horizon, Seasonality seasonality) =>
        SeasonallyAdjusted(history, horizon, seasonality, "otm", OptimisedPoints);

    private static ForecastPoint[] OptimisedPoints(double[] y, int horizon)
    {
        var n = y.Length;
        if (n == 0) throw new ArgumentException("an empty series cannot be fitted", nameof(y));
        var trend = LinearTrend.Of(y);
        // Steps 1..n as in the paper: A is the line's value at step 0.
        var (a, b) = (trend.Intercept - trend.Slope, trend.Slope);
        double Level(double[] p, out double squaredErrors)
        {
            var (level, alpha, weight) = (p[0], p[1], 1 - 1 / p[2]);
            var (decay, sum) = (1.0, 0.0);
            for (var t = 0; t < n; t++)
            {
                var predicted = level + weight * (decay * a + (1 - decay * (1 - alpha)) / alpha * b);
                sum += (y[t] - predicted) * (y[t] - predicted);
                level = alpha * y[t] + (1 - alpha) * level;
                decay *= 1 - alpha;
            }
            squaredErrors = sum;
            return level;
        }
        var (low, high) = (y.Min(), y.Max());
        var spread = Math.Max(high - low, 1e-9);
        var best = NelderMead.Minimize(p =>
        {
            Level(p, out var squaredErrors);
            return squaredErrors;
        }, [y[0], 0.5, 2], [low - spread, 0.01, 1], [high + spread, 0.99, 5]);
        var last = Level(best, out var sse);
        var (alphaFit, weightFit) = (best[1], 1 - 1 / best[2]);
        var sd = Math.Sqrt(sse / n);
        var lastDecay = Math.Pow(1 - alphaFit, n);
        return Enumerable.Range(0, horizon).Select(i => ForecastPoint.Normal(
            last + weightFit * (lastDecay * a + (i + (1 - lastDecay * (1 - alphaFit)) / alphaFit) * b),
            sd * Math.Sqrt(1 + i * alphaFit * alphaFit))).ToArray();
    }

    /// <summary>
    /// The points of <paramref name="extrapolate"/> on the series, seasonally adjusted first where the seasonality
    /// test passes for the primary period, and the season put back.
    /// </summary>
    private static Forecast SeasonallyAdjusted(IReadOnlyList<double> history, int horizon, Seasonality seasonality, string name,
        Func<double[], int, ForecastPoint[]> extrapolate)
    {
        var n = history.Count;
        var period = seasonality.Primary;
        var seasonal = period > 1 && n >= 2 * period && Seasonality.IsSeasonal(history, period);
        var (indices, multiplicative) = seasonal ? SeasonalDecomposition.Classical(history, period) : ([], false);
        double Effect(int t) => indices.Length == 0 ? (multiplicative ? 1 : 0) : indices[t % period];
        var adjusted = history.Select((y, t) => multiplicative ? y / Effect(t) : y - Effect(t)).ToArray();
        var points = extrapolate(adjusted, horizon).Select((p, i) =>
        {
            var effect = Effect(n + i);
            return multiplicative
                ? new ForecastPoint(p.Value * effect, p.Lower80 * effect, p.Upper80 * effect, p.Lower95 * effect, p.Upper95 * effect)
                : p.Shifted(effect);
        }).ToArray();
        return new Forecast(seasonal ? $"{name}-seasonal{period}" : name, points);
    }
}
