namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Every forecasting method by name, run over a set of series: the per-series ones of
/// <see cref="SeriesForecaster"/>, <c>global</c> (<see cref="GlobalWindowModel"/>, fitted on all the
/// series) and <c>global+ets</c> (the mean of the global model's and the AICc-chosen exponential
/// smoothing forecast). The global methods take their intervals from the exponential smoothing model,
/// moved to their own point forecast. <c>auto+global</c> is what the engine serves with the global model on:
/// per series, auto's choice, or the global model where its error on the last horizon is less (<see cref="DemandForecaster"/>).
/// Each series has its own <see cref="Seasonality"/>.
/// </summary>
public static class ForecastMethods
{
    public static readonly IReadOnlyList<string> All = [.. SeriesForecaster.Methods, "global", "global+ets", "auto+global"];

    public static Forecast[] ForAll(string method, IReadOnlyList<double[]> series, IReadOnlyList<Seasonality> seasons, int horizon,
        GlobalWindowOptions? globalOptions = null, IProgress<double>? progress = null)
    {
        if (!All.Contains(method)) throw new ArgumentException($"unknown forecasting method '{method}' (known: {string.Join(", ", All)})", nameof(method));
        if (method == "auto+global")
        {
            var chosen = DemandForecaster.ForecastAll(series.Select((s, i) => new M4Series($"{i}", s)).ToList(), seasons, horizon, horizon, globalOptions ?? new GlobalWindowOptions());
            progress?.Report(1);
            return chosen;
        }
        var perSeries = method.StartsWith("global", StringComparison.Ordinal) ? "ets" : method;
        var forecasts = new Forecast[series.Count];
        var done = 0;
        Parallel.For(0, series.Count, TrainingThreads.Options, i =>
        {
            forecasts[i] = SeriesForecaster.Forecast(perSeries, series[i], horizon, seasons[i]);
            progress?.Report(0.5 * Interlocked.Increment(ref done) / series.Count);
        });
        if (perSeries == method) return forecasts;

        var global = GlobalWindowModel.Fit(series, horizon, globalOptions ?? new GlobalWindowOptions()).Predict(series);
        progress?.Report(1);
        var etsShare = method == "global+ets" ? 0.5 : 0;
        // The exponential smoothing forecast's intervals around the blend of its points and the global model's.
        return forecasts.Select((ets, i) => ets.MovedTo(global[i].Select((g, h) => etsShare * ets.Points[h].Value + (1 - etsShare) * g).ToArray(), method)).ToArray();
    }
}
