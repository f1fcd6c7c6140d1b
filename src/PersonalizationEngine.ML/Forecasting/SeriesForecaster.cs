namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The per-series forecasting methods by name, each giving point forecasts with intervals:
/// <c>naive</c> (last value), <c>ses</c>, <c>holt</c>, <c>damped</c> (one exponential smoothing form),
/// <c>ets</c> (the form with the lowest AICc), <c>comb</c> (mean of ses, holt and damped, the M4
/// benchmark "Comb"; its intervals from the damped model).
/// </summary>
public static class SeriesForecaster
{
    public static readonly IReadOnlyList<string> Methods = ["naive", "ses", "holt", "damped", "ets", "comb"];

    public static Forecast Forecast(string method, IReadOnlyList<double> history, int horizon) => method switch
    {
        "naive" => Naive(history, horizon),
        "ses" => Ets(ExponentialSmoothing.Fit(history, TrendForm.None), horizon),
        "holt" => Ets(ExponentialSmoothing.Fit(history, TrendForm.Additive), horizon),
        "damped" => Ets(ExponentialSmoothing.Fit(history, TrendForm.Damped), horizon),
        "ets" => Ets(ExponentialSmoothing.FitBest(history), horizon),
        "comb" => Combination(history, horizon),
        _ => throw new ArgumentException($"unknown forecasting method '{method}' (known: {string.Join(", ", Methods)})", nameof(method)),
    };

    private static Forecast Ets(EtsModel model, int horizon) => new(model.Method, ExponentialSmoothing.Forecast(model, horizon));

    /// <summary>The last value for every step; intervals from the random walk's h-step variance (h times the one-step variance).</summary>
    private static Forecast Naive(IReadOnlyList<double> history, int horizon)
    {
        var last = history[^1];
        var steps = Enumerable.Range(1, history.Count - 1).Select(t => history[t] - history[t - 1]).ToArray();
        var sigma = steps.Length > 0 ? Math.Sqrt(steps.Sum(d => d * d) / steps.Length) : 0;
        var points = Enumerable.Range(1, horizon).Select(h =>
        {
            var sd = sigma * Math.Sqrt(h);
            return new ForecastPoint(last, last - 1.2815515655446004 * sd, last + 1.2815515655446004 * sd, last - 1.959963984540054 * sd, last + 1.959963984540054 * sd);
        }).ToArray();
        return new Forecast("naive", points);
    }

    private static Forecast Combination(IReadOnlyList<double> history, int horizon)
    {
        var parts = new[] { TrendForm.None, TrendForm.Additive, TrendForm.Damped }
            .Select(form => ExponentialSmoothing.Forecast(ExponentialSmoothing.Fit(history, form), horizon)).ToArray();
        var damped = parts[2];
        var points = Enumerable.Range(0, horizon).Select(h =>
        {
            var shift = parts.Average(p => p[h].Value) - damped[h].Value;
            var d = damped[h];
            return new ForecastPoint(d.Value + shift, d.Lower80 + shift, d.Upper80 + shift, d.Lower95 + shift, d.Upper95 + shift);
        }).ToArray();
        return new Forecast("comb", points);
    }
}
