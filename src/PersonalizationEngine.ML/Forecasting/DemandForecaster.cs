namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Fits every product's demand forecast from its sales in one kind of step (days or hours, <see cref="SalesSeries"/>),
/// each series from the product's first sale (at most <c>maxSteps</c> back) to a common last step: per product, the
/// mean of the methods with the least error over rolling origins of <c>validation</c> steps each (<see cref="SeriesForecaster.ChosenByValidation"/>:
/// seasonal naive, Holt-Winters with the primary season, Theta, TSB for intermittent demand, the multi-seasonal
/// decomposition where there are several seasons, and Holt-Winters less the yearly season for days) or, when global
/// options are given, the gradient-boosted model across all products on the log scale where its error on the last
/// validation steps is less; refitted on the whole series. Forecasts and intervals are floored at 0. The same code
/// is <c>pe eval-forecast --methods auto</c> (or <c>auto+global</c>).
/// </summary>
public static class DemandForecaster
{
    /// <summary>The method named for a product whose net sales were 0 in every step of its history.</summary>
    public const string NoNetSales = "zero (no net sales)";

    /// <summary>
    /// Every product's forecast for <paramref name="horizon"/> steps after <paramref name="lastStep"/>, and how the same
    /// per-product choice does on the last <paramref name="validation"/> steps of every series long enough to score
    /// (four validation lengths): fitted on the steps before, against the seasonal naive forecast, MASE with
    /// <paramref name="masePeriod"/> as <c>pe eval-forecast retail</c> scores it (null when no series is long enough).
    /// The global model's fit on everything but the last validation steps serves both: the choice of the forecast and
    /// the evaluated forecast.
    /// </summary>
    public static (StepForecasts Forecasts, (ForecastEvaluation Chosen, ForecastEvaluation SeasonalNaive)? Evaluation) FitAndEvaluate(
        IReadOnlyDictionary<string, SalesSeries> sales, int lastStep, int maxSteps, Seasonality seasonality, int validation, int horizon, int masePeriod,
        GlobalWindowOptions? global = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var series = SeriesOf(sales, lastStep, maxSteps);
        var v = validation;
        // The global model fitted without the last steps, without the last two validation lengths (the held-out
        // choice's candidate) and on everything.
        var withoutLast = global is null ? [] : GlobalForecasts(series, v, v, global, cut: v);
        var withoutTwo = global is null ? [] : GlobalForecasts(series, v, v, global, cut: 2 * v);
        var full = global is null ? [] : GlobalForecasts(series, v, horizon, global, cut: 0);
        var forecasts = new Forecast[series.Count];
        var heldOut = new Forecast?[series.Count];
        Parallel.For(0, series.Count, TrainingThreads.Options, i =>
        {
            var units = series[i].Values;
            if (units.All(u => u == 0))
            {
                forecasts[i] = Zero(horizon);
                return;
            }
            var other = Other(withoutLast, full, i, units, horizon, seasonality);
            if (!Scored(units, v))
            {
                forecasts[i] = Floored(SeriesForecaster.ChosenByValidation(units, v, horizon, seasonality, other));
                return;
            }
            var history = units[..^v];
            var (forecast, held) = SeriesForecaster.ChosenWithHeldOut(units, v, horizon, seasonality, other, Other(withoutTwo, withoutLast, i, history, v, seasonality));
            forecasts[i] = Floored(forecast);
            heldOut[i] = history.All(u => u == 0) ? Zero(v) : Floored(held);
        });
        var model = new StepForecasts(lastStep + 1, horizon,
            series.Select((s, i) => (s.Id, Forecast: forecasts[i])).ToDictionary(p => p.Id, p => p.Forecast, StringComparer.Ordinal));

        var scored = Enumerable.Range(0, series.Count).Where(i => heldOut[i] is not null).ToArray();
        if (scored.Length == 0) return (model, null);
        var train = scored.Select(i => new M4Series(series[i].Id, series[i].Values[..^v])).ToList();
        var test = scored.ToDictionary(i => series[i].Id, i => series[i].Values[^v..]);
        var name = global is null ? "auto" : "auto+global";
        var seasons = train.Select(_ => seasonality).ToArray();
        return (model, (ForecastEvaluation.Score(name, train, test, scored.Select(i => heldOut[i]!).ToArray(), masePeriod, clock.Elapsed.TotalSeconds),
            ForecastEvaluation.Run("snaive", train, test, seasons, seasonality: masePeriod)));
    }

    /// <summary>A series the held-out metrics score: four validation lengths of history with some sales.</summary>
    private static bool Scored(double[] units, int validation) => units.Length >= 4 * validation && units.Any(u => u != 0);

    /// <summary>The global model as a candidate for series <paramref name="i"/>: its forecast of the validation steps, and its forecast after the history.</summary>
    private static (double[], Func<Forecast>)? Other(Dictionary<int, double[]> validation, Dictionary<int, double[]> after, int i, double[] history, int horizon, Seasonality seasonality) =>
        validation.TryGetValue(i, out var v) && after.TryGetValue(i, out var points) ? (v, () => GlobalForecast(history, points, horizon, seasonality)) : null;

    private static Forecast Zero(int horizon) => new(NoNetSales, Enumerable.Repeat(ForecastPoint.Normal(0, 0), horizon).ToArray());

    /// <summary>Every series' chosen forecast for <paramref name="horizon"/> steps, in order, the global model a candidate when <paramref name="global"/> is given.</summary>
    public static Forecast[] ForecastAll(IReadOnlyList<M4Series> series, IReadOnlyList<Seasonality> seasons, int validation, int horizon, GlobalWindowOptions? global) =>
        ForecastAll(series, i => seasons[i], validation, horizon, global is null
            ? ([], [])
            : (GlobalForecasts(series, validation, validation, global, cut: validation), GlobalForecasts(series, validation, horizon, global, cut: 0)));

    /// <param name="globalModel">The global model's forecasts by series index: of the last validation steps (fitted without them) and of the steps after the end.</param>
    private static Forecast[] ForecastAll(IReadOnlyList<M4Series> series, Func<int, Seasonality> seasonsOf, int validation, int horizon,
        (Dictionary<int, double[]> Validation, Dictionary<int, double[]> Full) globalModel)
    {
        var forecasts = new Forecast[series.Count];
        Parallel.For(0, series.Count, TrainingThreads.Options, i =>
        {
            var units = series[i].Values;
            forecasts[i] = units.All(u => u == 0)
                ? Zero(horizon)
                : Floored(SeriesForecaster.ChosenByValidation(units, validation, horizon, seasonsOf(i), Other(globalModel.Validation, globalModel.Full, i, units, horizon, seasonsOf(i))));
        });
        return forecasts;
    }

    /// <summary>
    /// The global model fitted across the series that can take part in the validation choice it serves (three
    /// validation lengths before the choice's end, one validation length after the cut; some sales) without their last
    /// <paramref name="cut"/> steps, forecasting <paramref name="horizon"/> steps after that, by series index. Fewer
    /// than two such series: none.
    /// </summary>
    private static Dictionary<int, double[]> GlobalForecasts(IReadOnlyList<M4Series> series, int validation, int horizon, GlobalWindowOptions global, int cut)
    {
        var minLength = 3 * validation + Math.Max(0, cut - validation);
        var eligible = Enumerable.Range(0, series.Count).Where(i => series[i].Values.Length >= minLength && series[i].Values.Any(u => u != 0)).ToArray();
        if (eligible.Length < 2) return [];
        var inputs = eligible.Select(i => series[i].Values[..^cut]).ToArray();
        var forecasts = GlobalWindowModel.Fit(inputs, horizon, global).Predict(inputs);
        return eligible.Select((index, k) => (index, k)).ToDictionary(x => x.index, x => forecasts[x.k]);
    }

    /// <summary>The global model's points with the intervals of the series' own Holt-Winters model moved to them.</summary>
    private static Forecast GlobalForecast(double[] units, double[] points, int horizon, Seasonality seasonality) =>
        SeriesForecaster.Forecast("hw", units, horizon, seasonality).MovedTo(points, "global");

    private static List<M4Series> SeriesOf(IReadOnlyDictionary<string, SalesSeries> sales, int lastStep, int maxSteps) =>
        sales.Select(p => new M4Series(p.Key, p.Value.UnitsThrough(lastStep, maxSteps))).Where(s => s.Values.Length > 0)
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    private static Forecast Floored(Forecast forecast) => forecast with { Points = forecast.Points.Select(p => p.AtLeastZero()).ToArray() };
}
