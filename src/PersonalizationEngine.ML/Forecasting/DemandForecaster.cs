namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Fits every product's demand forecast from its daily sales (<see cref="DailySales"/>), each series from
/// the product's first sale (at most <c>maxDays</c> back) to a common last day: per product, the method
/// with the least error over rolling origins of <c>validationDays</c> each (<see cref="SeriesForecaster.ChosenByValidation"/>:
/// seasonal naive, Holt-Winters with the day-of-week season, Theta, TSB for intermittent demand and Holt-Winters
/// less the yearly season) or, when global options are given, the gradient-boosted model across all products on
/// the log scale where its error on the last validation days is less; refitted on the whole series. Forecasts
/// and intervals are floored at 0. The same code is <c>pe eval-forecast --methods auto</c> (or <c>auto+global</c>).
/// </summary>
public static class DemandForecaster
{
    /// <summary>The method named for a product whose net sales were 0 on every day of its history.</summary>
    public const string NoNetSales = "zero (no net sales)";

    /// <summary>
    /// Every product's forecast for <paramref name="horizon"/> days, and how the same per-product choice does on the
    /// last <paramref name="validationDays"/> of every series long enough to score (four validation lengths):
    /// fitted on the days before, against the seasonal naive forecast, MASE with a weekly period as
    /// <c>pe eval-forecast retail</c> scores it (null when no series is long enough). The global model's fit on
    /// everything but the last validation days serves both: the choice of the forecast and the evaluated forecast.
    /// </summary>
    public static (DemandForecastModel Model, (ForecastEvaluation Chosen, ForecastEvaluation SeasonalNaive)? Evaluation) FitAndEvaluate(
        IReadOnlyDictionary<string, DailySales> sales, DateOnly lastDay, int maxDays, int validationDays, int horizon, GlobalWindowOptions? global = null)
    {
        var series = SeriesOf(sales, lastDay, maxDays);
        var v = validationDays;
        var withoutLast = global is null ? [] : GlobalForecasts(series, v, v, global, cut: v);
        var forecasts = ForecastAll(series, Seasonality.Daily, v, horizon, (withoutLast, global is null ? [] : GlobalForecasts(series, v, horizon, global, cut: 0)));
        var model = new DemandForecastModel(lastDay.AddDays(1), horizon,
            series.Select((s, i) => (s.Id, Forecast: forecasts[i])).ToDictionary(p => p.Id, p => p.Forecast, StringComparer.Ordinal));

        var scored = Enumerable.Range(0, series.Count).Where(i => series[i].Values.Length >= 4 * v && series[i].Values.Any(u => u != 0)).ToArray();
        if (scored.Length == 0) return (model, null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var train = scored.Select(i => new M4Series(series[i].Id, series[i].Values[..^v])).ToList();
        var test = scored.ToDictionary(i => series[i].Id, i => series[i].Values[^v..]);
        var choice = global is null ? [] : GlobalForecasts(train, v, v, global, cut: v);
        var evaluated = scored.Select((i, k) => (k, Forecast: withoutLast.GetValueOrDefault(i))).Where(x => x.Forecast is not null).ToDictionary(x => x.k, x => x.Forecast!);
        var chosen = ForecastAll(train, Seasonality.Daily, v, v, (choice, evaluated));
        var name = global is null ? "auto" : "auto+global";
        var seasons = train.Select(_ => Seasonality.Daily).ToArray();
        return (model, (ForecastEvaluation.Score(name, train, test, chosen, 7, clock.Elapsed.TotalSeconds), ForecastEvaluation.Run("snaive", train, test, seasons, seasonality: 7)));
    }

    /// <summary>Every series' chosen forecast for <paramref name="horizon"/> steps, in order, the global model a candidate when <paramref name="global"/> is given.</summary>
    public static Forecast[] ForecastAll(IReadOnlyList<M4Series> series, IReadOnlyList<Seasonality> seasons, int validationDays, int horizon, GlobalWindowOptions? global) =>
        ForecastAll(series, i => seasons[i], validationDays, horizon, global is null
            ? ([], [])
            : (GlobalForecasts(series, validationDays, validationDays, global, cut: validationDays), GlobalForecasts(series, validationDays, horizon, global, cut: 0)));

    /// <param name="globalModel">The global model's forecasts by series index: of the last validation days (fitted without them) and of the days after the end.</param>
    private static Forecast[] ForecastAll(IReadOnlyList<M4Series> series, Seasonality seasonality, int validationDays, int horizon,
        (Dictionary<int, double[]> Validation, Dictionary<int, double[]> Full) globalModel) =>
        ForecastAll(series, _ => seasonality, validationDays, horizon, globalModel);

    private static Forecast[] ForecastAll(IReadOnlyList<M4Series> series, Func<int, Seasonality> seasonsOf, int validationDays, int horizon,
        (Dictionary<int, double[]> Validation, Dictionary<int, double[]> Full) globalModel)
    {
        var forecasts = new Forecast[series.Count];
        Parallel.For(0, series.Count, TrainingThreads.Options, i =>
        {
            var units = series[i].Values;
            if (units.All(u => u == 0))
            {
                forecasts[i] = new Forecast(NoNetSales, Enumerable.Repeat(ForecastPoint.Normal(0, 0), horizon).ToArray());
                return;
            }
            (double[], Func<Forecast>)? other = globalModel.Validation.TryGetValue(i, out var v) && globalModel.Full.TryGetValue(i, out var full)
                ? (v, () => GlobalForecast(units, full, horizon, seasonsOf(i)))
                : null;
            forecasts[i] = Floored(SeriesForecaster.ChosenByValidation(units, validationDays, horizon, seasonsOf(i), other));
        });
        return forecasts;
    }

    /// <summary>
    /// The global model fitted across the series that can take part in a validation choice (three validation
    /// lengths, some sales) without their last <paramref name="cut"/> days, forecasting <paramref name="horizon"/>
    /// days after that, by series index. Fewer than two such series: none.
    /// </summary>
    private static Dictionary<int, double[]> GlobalForecasts(IReadOnlyList<M4Series> series, int validationDays, int horizon, GlobalWindowOptions global, int cut)
    {
        var eligible = Enumerable.Range(0, series.Count).Where(i => series[i].Values.Length >= 3 * validationDays && series[i].Values.Any(u => u != 0)).ToArray();
        if (eligible.Length < 2) return [];
        var inputs = eligible.Select(i => series[i].Values[..^cut]).ToArray();
        var forecasts = GlobalWindowModel.Fit(inputs, horizon, global).Predict(inputs);
        return eligible.Select((index, k) => (index, k)).ToDictionary(x => x.index, x => forecasts[x.k]);
    }

    /// <summary>The global model's points with the intervals of the series' own Holt-Winters model moved to them.</summary>
    private static Forecast GlobalForecast(double[] units, double[] points, int horizon, Seasonality seasonality) =>
        SeriesForecaster.Forecast("hw", units, horizon, seasonality).MovedTo(points, "global");

    private static List<M4Series> SeriesOf(IReadOnlyDictionary<string, DailySales> sales, DateOnly lastDay, int maxDays) =>
        sales.Select(p => new M4Series(p.Key, p.Value.UnitsThrough(lastDay, maxDays))).Where(s => s.Values.Length > 0)
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    private static Forecast Floored(Forecast forecast) => forecast with { Points = forecast.Points.Select(p => p.AtLeastZero()).ToArray() };
}
