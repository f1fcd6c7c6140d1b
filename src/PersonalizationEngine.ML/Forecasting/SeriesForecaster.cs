namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The per-series forecasting methods by name, each giving point forecasts with intervals:
/// <c>naive</c> (last value), <c>snaive7</c> (the value a week earlier, for daily data), <c>ses</c>, <c>holt</c>, <c>damped</c> (one exponential smoothing form),
/// <c>ets</c> (the form with the lowest AICc), <c>comb</c> (mean of ses, holt and damped, the M4
/// benchmark "Comb"; its intervals from the damped model), <c>ets52</c> (ets, or Holt-Winters with a yearly
/// season of 52 weeks where two years of history allow and AICc prefers it), <c>ets7</c> (Holt-Winters for daily data: simple
/// or damped trend with additive day-of-week seasonality, the lower AICc), <c>tsb</c> (intermittent demand,
/// <see cref="IntermittentDemand"/>), <c>auto7</c> (per series, whichever of snaive7, ets7, tsb and, with two years before the last horizon, ets7+yearly had the
/// least absolute error on the series' own last horizon, refitted on the whole history), <c>ets7+yearly</c>
/// (ets7 on the series less its yearly season, <see cref="YearlySeason"/>, where two years allow).
/// </summary>
public static class SeriesForecaster
{
    public static readonly IReadOnlyList<string> Methods = ["naive", "snaive7", "ses", "holt", "damped", "ets", "ets52", "comb", "ets7", "ets7+yearly", "tsb", "auto7"];

    /// <summary>What <c>auto7</c> chooses from, per series (ets7+yearly only where two years precede the validation days).</summary>
    private static readonly string[] DailyCandidates = ["snaive7", "ets7", "tsb", "ets7+yearly"];

    public static Forecast Forecast(string method, IReadOnlyList<double> history, int horizon) => method switch
    {
        "naive" => SeasonalNaive(history, horizon, 1, "naive"),
        "snaive7" => SeasonalNaive(history, horizon, 7, "snaive7"),
        "ses" => Ets(ExponentialSmoothing.Fit(history, TrendForm.None), horizon),
        "holt" => Ets(ExponentialSmoothing.Fit(history, TrendForm.Additive), horizon),
        "damped" => Ets(ExponentialSmoothing.Fit(history, TrendForm.Damped), horizon),
        "ets" => Ets(ExponentialSmoothing.FitBest(history), horizon),
        "comb" => Combination(history, horizon),
        "ets52" => Ets(YearlyOrNot(history, 52), horizon),
        "ets7" => Ets(ExponentialSmoothing.FitBest(history, [TrendForm.None, TrendForm.Damped], period: 7), horizon),
        "ets7+yearly" => WeeklyAndYearly(history, horizon),
        "tsb" => IntermittentDemand.Forecast(history, horizon),
        "auto7" => ChosenByValidation(history, horizon, horizon),
        _ => throw new ArgumentException($"unknown forecasting method '{method}' (known: {string.Join(", ", Methods)})", nameof(method)),
    };

    /// <summary>
    /// What <c>auto7</c> does, with the validation length apart from the horizon (a shop forecasts months
    /// ahead but validates on its last weeks): the daily candidate (snaive7, ets7, tsb, ets7+yearly) with the least mean
    /// absolute error on the last <paramref name="validationDays"/> values, fitted on the rest, then refitted
    /// on everything. A history shorter than three validation lengths gets the seasonal naive forecast.
    /// </summary>
    /// <param name="other">A candidate fitted elsewhere (the global model across products): its forecast of the
    /// validation days, and how to make its forecast from the whole history if it is chosen.</param>
    public static Forecast ChosenByValidation(IReadOnlyList<double> history, int validationDays, int horizon,
        (double[] Validation, Func<Forecast> Forecast)? other = null)
    {
        if (history.Count < 3 * validationDays) return Forecast(DailyCandidates[0], history, horizon);
        var fit = history.Take(history.Count - validationDays).ToArray();
        var heldOut = history.Skip(history.Count - validationDays).ToArray();
        double Error(IEnumerable<double> points) => points.Select((p, h) => Math.Abs(p - heldOut[h])).Average();
        var candidates = DailyCandidates.Where(method => method != "ets7+yearly" || fit.Length >= 2 * YearlySeason.Days)
            .Select(method => (Error: Error(Forecast(method, fit, validationDays).Points.Select(p => p.Value)), Forecast: (Func<Forecast>)(() => Forecast(method, history, horizon))));
        if (other is { } o) candidates = candidates.Append((Error(o.Validation), o.Forecast));
        return candidates.MinBy(c => c.Error).Forecast();
    }

    /// <summary>
    /// Yearly seasonality for weekly data where the history allows (two years or more): the lowest AICc of
    /// every form with and without an additive season of <paramref name="period"/> (its states counted as parameters).
    /// </summary>
    private static EtsModel YearlyOrNot(IReadOnlyList<double> history, int period)
    {
        var plain = ExponentialSmoothing.FitBest(history);
        if (history.Count < 2 * period + 3) return plain;
        var seasonal = ExponentialSmoothing.FitBest(history, [TrendForm.None, TrendForm.Damped], period);
        return seasonal.Aicc < plain.Aicc ? seasonal : plain;
    }

    /// <summary>
    /// Holt-Winters with the weekly season on the series less its yearly season (<see cref="YearlySeason"/>),
    /// the yearly effect of each forecast day added back; plain ets7 with less than two years.
    /// </summary>
    private static Forecast WeeklyAndYearly(IReadOnlyList<double> history, int horizon)
    {
        if (YearlySeason.Of(history) is not { } yearly) return Forecast("ets7", history, horizon);
        var adjusted = history.Select((y, t) => y - yearly[t % YearlySeason.Days]).ToArray();
        var weekly = Forecast("ets7", adjusted, horizon);
        var points = weekly.Points.Select((p, h) => p.Shifted(yearly[(history.Count + h) % YearlySeason.Days])).ToArray();
        return new Forecast($"{weekly.Method}+yearly", points);
    }

    private static Forecast Ets(EtsModel model, int horizon) => new(model.Method, ExponentialSmoothing.Forecast(model, horizon));

    /// <summary>
    /// The value one <paramref name="period"/> earlier for every step (the last value when the period is 1);
    /// intervals from the seasonal random walk's h-step variance (one-step variance times the periods ahead).
    /// </summary>
    private static Forecast SeasonalNaive(IReadOnlyList<double> history, int horizon, int period, string method)
    {
        if (history.Count < period) return SeasonalNaive(history, horizon, 1, method);
        var steps = Enumerable.Range(period, history.Count - period).Select(t => history[t] - history[t - period]).ToArray();
        var sigma = steps.Length > 0 ? Math.Sqrt(steps.Sum(d => d * d) / steps.Length) : 0;
        var points = Enumerable.Range(1, horizon).Select(h =>
        {
            var value = history[history.Count - period + (h - 1) % period];
            return ForecastPoint.Normal(value, sigma * Math.Sqrt((h - 1) / period + 1));
        }).ToArray();
        return new Forecast(method, points);
    }

    private static Forecast Combination(IReadOnlyList<double> history, int horizon)
    {
        var parts = new[] { TrendForm.None, TrendForm.Additive, TrendForm.Damped }
            .Select(form => ExponentialSmoothing.Forecast(ExponentialSmoothing.Fit(history, form), horizon)).ToArray();
        var damped = parts[2];
        var points = Enumerable.Range(0, horizon).Select(h => damped[h].Shifted(parts.Average(p => p[h].Value) - damped[h].Value)).ToArray();
        return new Forecast("comb", points);
    }
}
