namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Exponential smoothing with additive errors (Hyndman et al., "Forecasting with Exponential Smoothing",
/// 2008): ETS(A,N,N) simple, ETS(A,A,N) Holt and ETS(A,Ad,N) damped trend, each optionally with additive
/// seasonality (Holt-Winters, e.g. ETS(A,N,A) with period 7 for day-of-week demand). The smoothing parameters and
/// the initial states are fitted by maximum likelihood (for Gaussian errors: the least sum of squared
/// one-step errors) with Nelder-Mead; the form is chosen by AICc. Prediction intervals come from the
/// model's own h-step variance.
/// </summary>
public static class ExponentialSmoothing
{
    /// <summary>The form with the lowest AICc among those the series is long enough for.</summary>
    public static EtsModel FitBest(IReadOnlyList<double> series, IEnumerable<TrendForm>? forms = null, int period = 1) =>
        (forms ?? Enum.GetValues<TrendForm>())
            .Where(form => series.Count > ParameterCount(form) + period + 2)
            .Select(form => Fit(series, form, period))
            .DefaultIfEmpty(Fit(series, TrendForm.None, period))
            .MinBy(model => model.Aicc)!;

    /// <param name="period">Values per season (7 for days of the week); 1 for no seasonality. The seasonal
    /// effects start from the mean pattern of the first seasons and are smoothed, not fitted, as states.</param>
    public static EtsModel Fit(IReadOnlyList<double> series, TrendForm form, int period = 1)
    {
        if (series.Count == 0) throw new ArgumentException("an empty series cannot be fitted", nameof(series));
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var y = series.ToArray();
        var scale = Math.Max(1e-9, y.Select(Math.Abs).Max());
        var season0 = period > 1 && y.Length >= 2 * period ? InitialSeason(y, period) : null;
        var (level0, slope0) = InitialStates(season0 is null ? y : y.Select((v, t) => v - season0[t % period]).ToArray());
        // Parameters: alpha, beta / alpha, phi, initial level, initial slope, gamma / (1 - alpha) (only those the model uses).
        double[] start = [0.3, 0.1, 0.95, level0, slope0, 0.1];
        double[] lower = [1e-4, 1e-4, 0.8, level0 - scale, slope0 - scale, 1e-4];
        double[] upper = [0.9999, 0.9999, 0.98, level0 + scale, slope0 + scale, 0.9999];
        var used = TrendParameters(form).Concat(season0 is null ? [] : [5]).ToArray();
        EtsParameters Expand(double[] p)
        {
            var full = (double[])start.Clone();
            for (var i = 0; i < used.Length; i++) full[used[i]] = p[i];
            return new EtsParameters(form, full[0], form == TrendForm.None ? 0 : full[0] * full[1],
                form == TrendForm.Damped ? full[2] : 1, full[3], form == TrendForm.None ? 0 : full[4],
                season0 is null ? 0 : (1 - full[0]) * full[5], season0);
        }
        var seasonBuffer = new double[season0?.Length ?? 0];
        var best = NelderMead.Minimize(p => SumOfSquares(y, Expand(p), seasonBuffer),
            used.Select(i => start[i]).ToArray(), used.Select(i => lower[i]).ToArray(), used.Select(i => upper[i]).ToArray());
        var parameters = Expand(best);
        var run = Filter(y, parameters);
        var n = y.Length;
        var sigma2 = Math.Max(run.SumOfSquares / n, 1e-12 * scale * scale);
        // The error variance and the seasonal initial states (period - 1 free) count as parameters too.
        var k = used.Length + 1 + (season0 is null ? 0 : period - 1);
        var aic = n * Math.Log(sigma2) + 2 * k;
        var aicc = n - k - 1 > 0 ? aic + 2.0 * k * (k + 1) / (n - k - 1) : double.PositiveInfinity;
        return new EtsModel(parameters, run.Level, run.Slope, run.Season, sigma2, aicc);
    }

    /// <summary>Point forecasts and intervals 1..<paramref name="horizon"/> steps after the fitted series.</summary>
    public static ForecastPoint[] Forecast(EtsModel model, int horizon)
    {
        var p = model.Parameters;
        var points = new ForecastPoint[horizon];
        double dampedSum = 0, varianceSum = 0;
        for (var h = 1; h <= horizon; h++)
        {
            // Variance of the h-step error: sigma² (1 + Σ_{j<h} c_j²) with
            // c_j = alpha + beta (phi + ... + phi^j) + gamma when j is a whole number of periods.
            var j = h - 1;
            if (j > 0) varianceSum += Math.Pow(p.Alpha + p.Beta * dampedSum + (j % p.Period == 0 ? p.Gamma : 0), 2);
            dampedSum += Math.Pow(p.Phi, h);
            var mean = model.Level + dampedSum * model.Slope + (model.Season.Length > 0 ? model.Season[j % model.Season.Length] : 0);
            var sd = Math.Sqrt(model.Sigma2 * (1 + varianceSum));
            points[h - 1] = ForecastPoint.Normal(mean, sd);
        }
        return points;
    }

    public static int ParameterCount(TrendForm form) => TrendParameters(form).Length;

    /// <summary>Which of <see cref="Fit"/>'s parameters (alpha, beta, phi, initial level, initial slope) a trend form fits.</summary>
    private static int[] TrendParameters(TrendForm form) => form switch
    {
        TrendForm.None => [0, 3],
        TrendForm.Additive => [0, 1, 3, 4],
        _ => [0, 1, 2, 3, 4],
    };

    /// <summary>Level from the first values, slope from a line through the first ten.</summary>
    private static (double Level, double Slope) InitialStates(double[] y)
    {
        var m = Math.Min(10, y.Length);
        if (m < 2) return (y[0], 0);
        var line = LinearTrend.Of(y, m);
        // The state before the first value: one step back along the line.
        return (line.At(-1), line.Slope);
    }

    /// <summary>Each position's mean deviation from its season's mean over the first whole seasons (at most four).</summary>
    private static double[] InitialSeason(double[] y, int period)
    {
        var seasons = Math.Min(4, y.Length / period);
        var effects = new double[period];
        for (var s = 0; s < seasons; s++)
        {
            var mean = y.AsSpan(s * period, period).ToArray().Average();
            for (var i = 0; i < period; i++) effects[i] += (y[s * period + i] - mean) / seasons;
        }
        return effects;
    }

    /// <summary>
    /// Runs the state equations over the series: the one-step errors' sum of squares and the final states
    /// (the seasonal effects rotated so that the first is the next step's).
    /// </summary>
    private static (double SumOfSquares, double Level, double Slope, double[] Season) Filter(double[] y, EtsParameters p)
    {
        var season = new double[p.Season0?.Length ?? 0];
        var (sum, level, slope) = Run(y, p, season);
        var next = season.Length > 0 ? y.Length % season.Length : 0;
        return (sum, level, slope, [.. season[next..], .. season[..next]]);
    }

    /// <summary>The sum of squares alone, without allocating: the likelihood the fit evaluates thousands of times.</summary>
    private static double SumOfSquares(double[] y, EtsParameters p, double[] season) => Run(y, p, season).SumOfSquares;

    /// <summary>
    /// The state equations over the series, the seasonal states in <paramref name="season"/> (started from the
    /// initial ones; empty without seasonality): the one-step errors' sum of squares (the largest double when it
    /// overflows) and the final level and slope.
    /// </summary>
    private static (double SumOfSquares, double Level, double Slope) Run(double[] y, EtsParameters p, double[] season)
    {
        double level = p.Level0, slope = p.Slope0, sum = 0;
        p.Season0?.CopyTo(season, 0);
        var position = 0;
        foreach (var value in y)
        {
            var effect = season.Length > 0 ? season[position] : 0;
            var error = value - (level + p.Phi * slope + effect);
            sum += error * error;
            level += p.Phi * slope + p.Alpha * error;
            slope = p.Phi * slope + p.Beta * error;
            if (season.Length == 0) continue;
            season[position] = effect + p.Gamma * error;
            if (++position == season.Length) position = 0;
        }
        return (double.IsFinite(sum) ? sum : double.MaxValue, level, slope);
    }
}
