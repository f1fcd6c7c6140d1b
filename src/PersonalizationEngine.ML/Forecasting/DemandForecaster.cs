namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Fits every product's demand forecast from its daily sales (<see cref="DailySales"/>), each series from
/// the product's first sale (at most <c>maxDays</c> back) to a common last day: per product, the method with the least error on its own
/// last <c>validationDays</c> (<see cref="SeriesForecaster.ChosenByValidation"/>: seasonal naive,
/// Holt-Winters with a weekly season, or TSB for intermittent demand), refitted on the whole series.
/// Forecasts and intervals are floored at 0. The global gradient-boosted model is not a candidate: on
/// sparse daily shop data its level scaling fails (docs/benchmarks.md, Online Retail daily demand).
/// </summary>
public static class DemandForecaster
{
    /// <summary>The method named for a product whose net sales were 0 on every day of its history.</summary>
    public const string NoNetSales = "zero (no net sales)";

    public static DemandForecastModel Fit(IReadOnlyDictionary<string, DailySales> sales, DateOnly lastDay, int maxDays, int validationDays, int horizon)
    {
        var series = SeriesOf(sales, lastDay, maxDays);
        var forecasts = new ProductForecast[series.Count];
        Parallel.For(0, series.Count, TrainingThreads.Options, i =>
        {
            var units = series[i].Values;
            forecasts[i] = units.All(u => u == 0)
                ? new ProductForecast(NoNetSales, Enumerable.Repeat(ForecastPoint.Normal(0, 0), horizon).ToArray())
                : Floored(SeriesForecaster.ChosenByValidation(units, validationDays, horizon));
        });
        var products = series.Select((s, i) => (s.Id, Forecast: forecasts[i])).ToDictionary(p => p.Id, p => p.Forecast, StringComparer.Ordinal);
        return new DemandForecastModel(lastDay.AddDays(1), horizon, products);
    }

    /// <summary>
    /// How the per-product choice does on the last <paramref name="validationDays"/> of every series long enough
    /// to score (three validation lengths plus that): fitted on the days before, against the seasonal naive
    /// forecast, MASE with a weekly period as <c>pe eval-forecast retail</c> scores it.
    /// </summary>
    public static (ForecastEvaluation Chosen, ForecastEvaluation SeasonalNaive)? Evaluate(
        IReadOnlyDictionary<string, DailySales> sales, DateOnly lastDay, int maxDays, int validationDays)
    {
        var scored = SeriesOf(sales, lastDay, maxDays).Where(s => s.Values.Length >= 4 * validationDays && s.Values.Any(u => u != 0)).ToList();
        if (scored.Count == 0) return null;
        var train = scored.Select(s => new M4Series(s.Id, s.Values[..^validationDays])).ToList();
        var test = scored.ToDictionary(s => s.Id, s => s.Values[^validationDays..]);
        return (ForecastEvaluation.Run("auto7", train, test, seasonality: 7), ForecastEvaluation.Run("snaive7", train, test, seasonality: 7));
    }

    private static List<M4Series> SeriesOf(IReadOnlyDictionary<string, DailySales> sales, DateOnly lastDay, int maxDays) =>
        sales.Select(p => new M4Series(p.Key, p.Value.UnitsThrough(lastDay, maxDays))).Where(s => s.Values.Length > 0)
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    private static ProductForecast Floored(Forecast forecast) => new(forecast.Method, forecast.Points.Select(p => p.AtLeastZero()).ToArray());
}
