namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The per-series forecasting methods by name, each giving point forecasts with intervals. The seasonal ones
/// take their periods from the series' <see cref="Seasonality"/>:
/// <c>naive</c> (last value), <c>snaive</c> (the value one primary period earlier), <c>ses</c>, <c>holt</c>,
/// <c>damped</c> (one exponential smoothing form), <c>ets</c> (the lowest AICc of every form and, where two
/// primary periods of history allow, the Holt-Winters forms), <c>comb</c> (mean of ses, holt and damped, the M4
/// benchmark "Comb"; its intervals from the damped model), <c>hw</c> (Holt-Winters with the primary period: simple
/// or damped trend, the lower AICc), <c>hw+yearly</c> (hw on a daily series less its yearly season,
/// <see cref="YearlySeason"/>, where two years allow), <c>theta</c> (<see cref="ThetaMethod"/>),
/// <c>otm</c> (the optimised Theta model, <see cref="ThetaMethod.Optimised"/>), <c>hw+theta</c> (the mean of the two forecasts, points and bounds), <c>mstl</c>
/// (every period taken apart, <see cref="SeasonalDecomposition.Multiple"/>, the rest forecast by ets and the
/// seasons put back), <c>tsb</c> (intermittent demand, <see cref="IntermittentDemand"/>) and <c>auto</c>
/// (per series, the mean of the candidates with the least error over rolling validation origins, <see cref="ChosenByValidation"/>).
/// </summary>
public static class SeriesForecaster
{
    public static readonly IReadOnlyList<string> Methods = ["naive", "snaive", "ses", "holt", "damped", "ets", "comb", "hw", "hw+yearly", "theta", "otm", "hw+theta", "mstl", "tsb", "auto"];

    /// <summary>Validation origins <c>auto</c> averages its candidates' errors over, each one validation length before the next.</summary>
    public const int DefaultOrigins = 3;

    /// <summary>
    /// From this period on, a season is also taken apart by decomposition: Holt-Winters estimates one state per phase,
    /// which a long season (52 weeks) gives too few cycles for (Hyndman and Athanasopoulos, FPP, on weekly data).
    /// On M4 Weekly's validation weeks auto's MASE went from 2.455 to 2.362 with it; daily series (7) go without.
    /// </summary>
    public const int LongPeriod = 24;

    /// <summary>
    /// <c>auto</c> pools the candidates whose mean validation error is at most this much above the best one's, and
    /// forecasts their mean (forecast pooling: Kourentzes, Barrow and Petropoulos, "Another look at forecast selection
    /// and combination: evidence from forecast pooling", IJPE 2019). Chosen on M4 Weekly's validation weeks against the
    /// best two or three and pools within 10% to 50% (temporary builds): sMAPE / MASE 6.428 / 2.287 against 6.954 / 2.362
    /// for the single best.
    /// </summary>
    public const double PoolTolerance = 0.2;

    /// <summary>At most this many candidates are pooled (the best ones).</summary>
    public const int PoolSize = 4;

    public static Forecast Forecast(string method, IReadOnlyList<double> history, int horizon, Seasonality seasonality) => method switch
    {
        "naive" => SeasonalNaive(history, horizon, 1, "naive"),
        "snaive" => SeasonalNaive(history, horizon, seasonality.Primary, "snaive"),
        "ses" => Ets(ExponentialSmoothing.Fit(history, TrendForm.None), horizon),
        "holt" => Ets(ExponentialSmoothing.Fit(history, TrendForm.Additive), horizon),
        "damped" => Ets(ExponentialSmoothing.Fit(history, TrendForm.Damped), horizon),
        "ets" => Ets(SeasonalOrNot(history, seasonality.Primary), horizon),
        "comb" => Combination(history, horizon),
        "hw" => Ets(HoltWinters(history, seasonality.Primary), horizon),
        "hw+yearly" => WithYearlySeason(history, horizon, seasonality),
        "theta" => ThetaMethod.Forecast(history, horizon, seasonality),
        "otm" => ThetaMethod.Optimised(history, horizon, seasonality),
        "hw+theta" => Fitted("hw+theta", history, horizon, seasonality, []),
        "mstl" => MultiSeasonal(history, horizon, seasonality),
        "tsb" => IntermittentDemand.Forecast(history, horizon),
        "auto" => ChosenByValidation(history, horizon, horizon, seasonality),
        _ => throw new ArgumentException($"unknown forecasting method '{method}' (known: {string.Join(", ", Methods)})", nameof(method)),
    };

    /// <summary>
    /// What <c>auto</c> chooses from for a series of these seasons: seasonal naive, Holt-Winters, Theta, the
    /// optimised Theta model, the mean of Holt-Winters and Theta (a combination often beats both, as in the M4 results), TSB, the seasonal decomposition (each period
    /// taken apart, the rest by ets) where there are several periods or a long one, and hw+yearly for a daily series.
    /// </summary>
    public static IReadOnlyList<string> Candidates(Seasonality seasonality) =>
    [
        "snaive", "hw", "theta", "otm", "hw+theta", "tsb",
        .. seasonality.Periods.Count > 1 || seasonality.Primary >= LongPeriod ? ["mstl"] : Array.Empty<string>(),
        .. seasonality.YearOfDays ? ["hw+yearly"] : Array.Empty<string>(),
    ];

    /// <summary>
    /// What <c>auto</c> does, with the validation length apart from the horizon (a shop forecasts months ahead but
    /// validates on its last weeks): each candidate (<see cref="Candidates"/>) is fitted on the history before each
    /// of up to <paramref name="origins"/> rolling origins (the last <paramref name="validation"/> values, the
    /// <paramref name="validation"/> before them, ...; at least two validation lengths of history before each) and
    /// scored by its mean absolute error on the values after it; the candidates pooled by that mean error
    /// (<see cref="PoolTolerance"/>) are refitted on everything and their forecasts averaged, points and bounds. A
    /// history shorter than three validation lengths gets the seasonal naive forecast. hw+yearly competes only where
    /// two years precede an origin.
    /// </summary>
    /// <param name="other">A candidate fitted elsewhere (the global model across products): its forecast of the
    /// last validation values, and how to make its forecast from the whole history. It is scored on the last
    /// origin only, against the pool's error there, and replaces the pool where it erred less.</param>
    public static Forecast ChosenByValidation(IReadOnlyList<double> history, int validation, int horizon, Seasonality seasonality,
        (double[] Validation, Func<Forecast> Forecast)? other = null, int origins = DefaultOrigins)
    {
        var usable = UsableOrigins(history.Count, validation, origins);
        if (usable == 0) return Forecast("snaive", history, horizon, seasonality);
        return Chosen(history, OriginErrors(history, validation, seasonality, usable), 0, usable, validation, horizon, seasonality, other);
    }

    /// <summary>
    /// <see cref="ChosenByValidation"/> of the whole history and, from the same fits, of the history less its last
    /// <paramref name="validation"/> values (the choice a held-out score measures; its origins are the whole history's
    /// shifted back by one) with that choice's forecast of those values: one more origin fitted instead of a second
    /// choice. <paramref name="heldOutOther"/> is the other candidate as it would be without the last values.
    /// </summary>
    public static (Forecast Forecast, Forecast HeldOut) ChosenWithHeldOut(IReadOnlyList<double> history, int validation, int horizon, Seasonality seasonality,
        (double[] Validation, Func<Forecast> Forecast)? other = null, (double[] Validation, Func<Forecast> Forecast)? heldOutOther = null, int origins = DefaultOrigins)
    {
        var usable = UsableOrigins(history.Count, validation, origins);
        var heldOutUsable = UsableOrigins(history.Count - validation, validation, origins);
        var errors = OriginErrors(history, validation, seasonality, Math.Max(usable, heldOutUsable + 1));
        var forecast = usable == 0 ? Forecast("snaive", history, horizon, seasonality) : Chosen(history, errors, 0, usable, validation, horizon, seasonality, other);
        if (heldOutUsable == 0) return (forecast, Forecast("snaive", history.Take(history.Count - validation).ToArray(), validation, seasonality));
        var pool = Pool(errors, 1, heldOutUsable, history, validation);
        return (forecast, OtherErredLess(heldOutOther, history, 1, validation, pool) is { } o
            ? o.Forecast()
            : Mean(pool.Methods.Select(m => errors[m].Forecasts[0]!).ToArray()));
    }

    /// <summary>How many origins a history of <paramref name="length"/> has room for (two validation lengths before each); 0 below three.</summary>
    private static int UsableOrigins(int length, int validation, int origins) =>
        length < 3 * validation ? 0 : Math.Max(1, Math.Min(origins, length / validation - 2));

    /// <summary>
    /// Every candidate's forecast and mean absolute error at each of <paramref name="count"/> origins (the last
    /// <paramref name="validation"/> values, the ones before them, ...; no forecast and a NaN error where hw+yearly has
    /// less than two years before it).
    /// </summary>
    private static Dictionary<string, OriginFits> OriginErrors(IReadOnlyList<double> history, int validation, Seasonality seasonality, int count)
    {
        var result = new Dictionary<string, OriginFits>();
        // Each origin's history and what was fitted on it (hw+theta takes the origin's hw and theta from there).
        var before = new double[count][];
        var fittedAt = new Dictionary<string, Forecast>[count];
        foreach (var method in Candidates(seasonality))
        {
            var errors = new double[count];
            var forecasts = new Forecast?[count];
            for (var o = 0; o < count; o++)
            {
                var cut = history.Count - (o + 1) * validation;
                if (method == "hw+yearly" && cut < 2 * YearlySeason.Days)
                {
                    errors[o] = double.NaN;
                    continue;
                }
                var forecast = Fitted(method, before[o] ??= history.Take(cut).ToArray(), validation, seasonality, fittedAt[o] ??= []);
                errors[o] = MeanAbsoluteError(forecast, history, cut);
                forecasts[o] = forecast;
            }
            result[method] = new OriginFits(errors, forecasts);
        }
        return result;
    }

    /// <summary>
    /// A candidate's forecast of <paramref name="history"/>, kept in <paramref name="fitted"/> (forecasts of that history and
    /// horizon by method): hw+theta is the mean of hw and theta from there, each fitted only where it is not there yet.
    /// </summary>
    private static Forecast Fitted(string method, IReadOnlyList<double> history, int horizon, Seasonality seasonality, Dictionary<string, Forecast> fitted)
    {
        if (fitted.TryGetValue(method, out var known)) return known;
        var forecast = method == "hw+theta"
            ? Mean([Fitted("hw", history, horizon, seasonality, fitted), Fitted("theta", history, horizon, seasonality, fitted)], method)
            : Forecast(method, history, horizon, seasonality);
        return fitted[method] = forecast;
    }

    /// <summary>One candidate's forecast of each origin's validation values and its mean absolute error there.</summary>
    private sealed record OriginFits(double[] Errors, Forecast?[] Forecasts);

    /// <summary>
    /// The candidates pooled over origins <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1
    /// (scored at all of them): the one with the least mean error and, up to <see cref="PoolSize"/>, those within
    /// <see cref="PoolTolerance"/> of it; and the error of their mean forecast at origin <paramref name="from"/>.
    /// </summary>
    private static (string[] Methods, double ErrorAtFirst) Pool(Dictionary<string, OriginFits> fits, int from, int count, IReadOnlyList<double> history, int validation)
    {
        var ranked = fits.Select(f => (Method: f.Key, Mean: f.Value.Errors.Skip(from).Take(count).Average()))
            .Where(r => !double.IsNaN(r.Mean)).OrderBy(r => r.Mean).ToArray();
        if (ranked.Length == 0) return (["snaive"], double.PositiveInfinity);
        var methods = ranked.TakeWhile(r => r.Mean <= ranked[0].Mean * (1 + PoolTolerance)).Take(PoolSize).Select(r => r.Method).ToArray();
        var pooled = Mean(methods.Select(m => fits[m].Forecasts[from]!).ToArray());
        return (methods, MeanAbsoluteError(pooled, history, history.Count - (from + 1) * validation));
    }

    /// <summary>The pool from origin <paramref name="from"/> refitted on the whole history and averaged, or the other candidate where it erred less at that origin.</summary>
    private static Forecast Chosen(IReadOnlyList<double> history, Dictionary<string, OriginFits> fits, int from, int count,
        int validation, int horizon, Seasonality seasonality, (double[] Validation, Func<Forecast> Forecast)? other)
    {
        var pool = Pool(fits, from, count, history, validation);
        if (OtherErredLess(other, history, from, validation, pool) is { } o) return o.Forecast();
        var fitted = new Dictionary<string, Forecast>(); // a pool of hw, theta and hw+theta fits hw and theta once
        return Mean(pool.Methods.Select(m => Fitted(m, history, horizon, seasonality, fitted)).ToArray());
    }

    /// <summary>The other candidate when its forecast of origin <paramref name="from"/>'s values erred less than the pool's there; else null.</summary>
    private static (double[] Validation, Func<Forecast> Forecast)? OtherErredLess((double[] Validation, Func<Forecast> Forecast)? other, IReadOnlyList<double> history,
        int from, int validation, (string[] Methods, double ErrorAtFirst) pool) =>
        other is { } o && MeanAbsoluteError(o.Validation, history, history.Count - (from + 1) * validation) < pool.ErrorAtFirst ? o : null;

    /// <summary>The mean absolute error of a forecast's points against the history's values from <paramref name="start"/>.</summary>
    private static double MeanAbsoluteError(Forecast forecast, IReadOnlyList<double> history, int start) =>
        MeanAbsoluteError(forecast.Points.Select(p => p.Value).ToArray(), history, start);

    /// <summary>The mean absolute error of <paramref name="points"/> against the history's values from <paramref name="start"/>.</summary>
    private static double MeanAbsoluteError(IReadOnlyList<double> points, IReadOnlyList<double> history, int start) =>
        Enumerable.Range(0, points.Count).Average(h => Math.Abs(points[h] - history[start + h]));

    /// <summary>
    /// The lowest AICc of every plain form and, where the history holds two periods and a few values more, the
    /// Holt-Winters forms with that period (their seasonal states counted as parameters).
    /// </summary>
    private static EtsModel SeasonalOrNot(IReadOnlyList<double> history, int period)
    {
        var plain = ExponentialSmoothing.FitBest(history);
        if (period < 2 || history.Count < 2 * period + 3) return plain;
        var seasonal = ExponentialSmoothing.FitBest(history, [TrendForm.None, TrendForm.Damped], period);
        return seasonal.Aicc < plain.Aicc ? seasonal : plain;
    }

    /// <summary>Holt-Winters with the period (simple or damped trend, the lower AICc); plain ets when there is no period.</summary>
    private static EtsModel HoltWinters(IReadOnlyList<double> history, int period) =>
        period < 2 ? ExponentialSmoothing.FitBest(history) : ExponentialSmoothing.FitBest(history, [TrendForm.None, TrendForm.Damped], period);

    /// <summary>
    /// Holt-Winters on a daily series less its yearly season (<see cref="YearlySeason"/>), the yearly effect of each
    /// forecast day added back; plain hw with less than two years, or for a series that is not daily.
    /// </summary>
    private static Forecast WithYearlySeason(IReadOnlyList<double> history, int horizon, Seasonality seasonality)
    {
        if (!seasonality.YearOfDays || YearlySeason.Of(history) is not { } yearly) return Forecast("hw", history, horizon, seasonality);
        var adjusted = history.Select((y, t) => y - yearly[t % YearlySeason.Days]).ToArray();
        var weekly = Forecast("hw", adjusted, horizon, seasonality);
        var points = weekly.Points.Select((p, h) => p.Shifted(yearly[(history.Count + h) % YearlySeason.Days])).ToArray();
        return new Forecast($"{weekly.Method}+yearly", points);
    }

    /// <summary>
    /// Every period taken apart (<see cref="SeasonalDecomposition.Multiple"/>), the adjusted series forecast by the
    /// lowest-AICc plain form (its intervals from its own residuals), and each period's effect put back.
    /// </summary>
    private static Forecast MultiSeasonal(IReadOnlyList<double> history, int horizon, Seasonality seasonality)
    {
        if (seasonality.Periods.Count == 0) return Forecast("ets", history, horizon, seasonality);
        var (profiles, adjusted) = SeasonalDecomposition.Multiple(history, seasonality.Periods);
        var rest = Ets(ExponentialSmoothing.FitBest(adjusted), horizon);
        // The adjusted series' residuals are in-sample to the profiles too: their variance, over n values less
        // one effect per phase, is what the forecast errors have.
        var effects = seasonality.Periods.Sum();
        var widen = history.Count > 2 * effects ? Math.Sqrt(history.Count / (double)(history.Count - effects)) : 1;
        var points = rest.Points.Select((p, h) => p.Widened(widen).Shifted(SeasonalDecomposition.SumAt(profiles, seasonality.Periods, history.Count + h))).ToArray();
        return new Forecast($"mstl({string.Join('+', seasonality.Periods)})", points);
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

    /// <summary>
    /// The mean of forecasts of the same steps, point and every bound; named <paramref name="method"/>, or after its parts
    /// ("mean of a, b"). One forecast is itself.
    /// </summary>
    private static Forecast Mean(IReadOnlyList<Forecast> parts, string? method = null)
    {
        if (parts.Count == 1) return parts[0];
        var points = Enumerable.Range(0, parts[0].Points.Count).Select(h => new ForecastPoint(
            parts.Average(f => f.Points[h].Value), parts.Average(f => f.Points[h].Lower80), parts.Average(f => f.Points[h].Upper80),
            parts.Average(f => f.Points[h].Lower95), parts.Average(f => f.Points[h].Upper95))).ToArray();
        return new Forecast(method ?? $"mean of {string.Join(", ", parts.Select(f => f.Method))}", points);
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
