namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// One method over a set of series, scored as the M4 competition scores it: the mean over series of
/// sMAPE and of MASE, plus how often the actual values fell inside the 80% and 95% intervals. A series
/// whose history never changed (a product that never sold) has no MASE scale; it is left out of the
/// MASE mean and counted in <see cref="SeriesWithoutMase"/> (M4 has none).
/// </summary>
public sealed record ForecastEvaluation(string Method, int Series, double Smape, double Mase, double Coverage80, double Coverage95, double Seconds,
    int SeriesWithoutMase = 0)
{
    /// <param name="seasons">Each training series' seasons, in order.</param>
    /// <param name="seasonality">MASE's seasonal period (M4: 1 for weekly and daily data).</param>
    public static ForecastEvaluation Run(string method, IReadOnlyList<M4Series> train, IReadOnlyDictionary<string, double[]> test, IReadOnlyList<Seasonality> seasons,
        int seasonality = 1, GlobalWindowOptions? global = null, IProgress<double>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var horizon = test.Values.First().Length;
        var forecasts = ForecastMethods.ForAll(method, train.Select(s => s.Values).ToArray(), seasons, horizon, global, progress);
        return Score(method, train, test, forecasts, seasonality, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Scores forecasts made elsewhere, one per training series in order.</summary>
    public static ForecastEvaluation Score(string method, IReadOnlyList<M4Series> train, IReadOnlyDictionary<string, double[]> test,
        IReadOnlyList<Forecast> forecasts, int seasonality, double seconds)
    {
        var actuals = train.Select(s => test.TryGetValue(s.Id, out var values) ? values : throw new InvalidDataException($"no test values for series {s.Id}")).ToArray();
        var horizon = actuals[0].Length;
        if (actuals.Any(a => a.Length != horizon)) throw new InvalidDataException("every series needs the same horizon");
        var smapes = new double[train.Count];
        var mases = new double[train.Count];
        int inside80 = 0, inside95 = 0;
        for (var i = 0; i < train.Count; i++)
        {
            var actual = actuals[i];
            var points = forecasts[i].Points.Select(p => p.Value).ToArray();
            smapes[i] = ForecastAccuracy.Smape(actual, points);
            mases[i] = ForecastAccuracy.Mase(train[i].Values, actual, points, seasonality);
            for (var h = 0; h < horizon; h++)
            {
                var p = forecasts[i].Points[h];
                if (actual[h] >= p.Lower80 && actual[h] <= p.Upper80) inside80++;
                if (actual[h] >= p.Lower95 && actual[h] <= p.Upper95) inside95++;
            }
        }
        var steps = (double)train.Count * horizon;
        var scaled = mases.Where(double.IsFinite).ToArray();
        return new ForecastEvaluation(method, train.Count, smapes.Average(), scaled.Length > 0 ? scaled.Average() : double.NaN,
            inside80 / steps, inside95 / steps, seconds, train.Count - scaled.Length);
    }
}
