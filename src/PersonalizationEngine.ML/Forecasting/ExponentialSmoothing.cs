namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Exponential smoothing with additive errors (Hyndman et al., "Forecasting with Exponential Smoothing",
/// 2008): ETS(A,N,N) simple, ETS(A,A,N) Holt and ETS(A,Ad,N) damped trend. The smoothing parameters and
/// the initial states are fitted by maximum likelihood (for Gaussian errors: the least sum of squared
/// one-step errors) with Nelder-Mead; the form is chosen by AICc. Prediction intervals come from the
/// model's own h-step variance.
/// </summary>
public static class ExponentialSmoothing
{
    private const double Z80 = 1.2815515655446004;
    private const double Z95 = 1.959963984540054;

    /// <summary>The form with the lowest AICc among those the series is long enough for.</summary>
    public static EtsModel FitBest(IReadOnlyList<double> series, IEnumerable<TrendForm>? forms = null) =>
        (forms ?? Enum.GetValues<TrendForm>())
            .Where(form => series.Count > ParameterCount(form) + 2)
            .Select(form => Fit(series, form))
            .DefaultIfEmpty(Fit(series, TrendForm.None))
            .MinBy(model => model.Aicc)!;

    public static EtsModel Fit(IReadOnlyList<double> series, TrendForm form)
    {
        if (series.Count == 0) throw new ArgumentException("an empty series cannot be fitted", nameof(series));
        var y = series.ToArray();
        var scale = Math.Max(1e-9, y.Select(Math.Abs).Max());
        var (level0, slope0) = InitialStates(y);
        // Parameters: alpha, beta / alpha, phi, initial level, initial slope (only those the form uses).
        double[] start = [0.3, 0.1, 0.95, level0, slope0];
        double[] lower = [1e-4, 1e-4, 0.8, level0 - scale, slope0 - scale];
        double[] upper = [0.9999, 0.9999, 0.98, level0 + scale, slope0 + scale];
        var used = form switch
        {
            TrendForm.None => new[] { 0, 3 },
            TrendForm.Additive => new[] { 0, 1, 3, 4 },
            _ => new[] { 0, 1, 2, 3, 4 },
        };
        EtsParameters Expand(double[] p)
        {
            var full = (double[])start.Clone();
            for (var i = 0; i < used.Length; i++) full[used[i]] = p[i];
            return new EtsParameters(form, full[0], form == TrendForm.None ? 0 : full[0] * full[1],
                form == TrendForm.Damped ? full[2] : 1, full[3], form == TrendForm.None ? 0 : full[4]);
        }
        var best = NelderMead.Minimize(p => Filter(y, Expand(p)).SumOfSquares,
            used.Select(i => start[i]).ToArray(), used.Select(i => lower[i]).ToArray(), used.Select(i => upper[i]).ToArray());
        var parameters = Expand(best);
        var run = Filter(y, parameters);
        var n = y.Length;
        var sigma2 = Math.Max(run.SumOfSquares / n, 1e-12 * scale * scale);
        var k = used.Length + 1; // and the error variance
        var aic = n * Math.Log(sigma2) + 2 * k;
        var aicc = n - k - 1 > 0 ? aic + 2.0 * k * (k + 1) / (n - k - 1) : double.PositiveInfinity;
        return new EtsModel(parameters, run.Level, run.Slope, sigma2, aicc);
    }

    /// <summary>Point forecasts and intervals 1..<paramref name="horizon"/> steps after the fitted series.</summary>
    public static ForecastPoint[] Forecast(EtsModel model, int horizon)
    {
        var p = model.Parameters;
        var points = new ForecastPoint[horizon];
        double dampedSum = 0, varianceSum = 0;
        for (var h = 1; h <= horizon; h++)
        {
            // Variance of the h-step error: sigma² (1 + Σ_{j<h} c_j²) with c_j = alpha + beta (phi + ... + phi^j).
            if (h > 1) varianceSum += Math.Pow(p.Alpha + p.Beta * dampedSum, 2);
            dampedSum += Math.Pow(p.Phi, h);
            var mean = model.Level + dampedSum * model.Slope;
            var sd = Math.Sqrt(model.Sigma2 * (1 + varianceSum));
            points[h - 1] = new ForecastPoint(mean, mean - Z80 * sd, mean + Z80 * sd, mean - Z95 * sd, mean + Z95 * sd);
        }
        return points;
    }

    public static int ParameterCount(TrendForm form) => form switch { TrendForm.None => 2, TrendForm.Additive => 4, _ => 5 };

    /// <summary>Level from the first values, slope from a line through the first ten.</summary>
    private static (double Level, double Slope) InitialStates(double[] y)
    {
        var m = Math.Min(10, y.Length);
        if (m < 2) return (y[0], 0);
        double meanX = (m - 1) / 2.0, meanY = y.Take(m).Average(), sxy = 0, sxx = 0;
        for (var t = 0; t < m; t++)
        {
            sxy += (t - meanX) * (y[t] - meanY);
            sxx += (t - meanX) * (t - meanX);
        }
        var slope = sxy / sxx;
        return (meanY - slope * meanX - slope, slope);
    }

    /// <summary>Runs the state equations over the series: the one-step errors' sum of squares and the final states.</summary>
    private static (double SumOfSquares, double Level, double Slope) Filter(double[] y, EtsParameters p)
    {
        double level = p.Level0, slope = p.Slope0, sum = 0;
        foreach (var value in y)
        {
            var error = value - (level + p.Phi * slope);
            sum += error * error;
            level += p.Phi * slope + p.Alpha * error;
            slope = p.Phi * slope + p.Beta * error;
        }
        return (double.IsFinite(sum) ? sum : double.MaxValue, level, slope);
    }
}
