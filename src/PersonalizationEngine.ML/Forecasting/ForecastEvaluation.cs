namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// One method over a set of series, scored as the M4 competition scores it: the mean over series of
/// sMAPE and of MASE, plus how often the actual values fell inside the 80% and 95% intervals.
/// </summary>
public sealed record ForecastEvaluation(string Method, int Series, double Smape, double Mase, double Coverage80, double Coverage95, double Seconds)
{
    /// <param name="seasonality">MASE's seasonal period (M4: 1 for weekly and daily data).</param>
    public static ForecastEvaluation Run(string method, IReadOnlyList<M4Series> train, IReadOnlyDictionary<string, double[]> test, int seasonality = 1,
        IProgress<double>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var smapes = new double[train.Count];
        var mases = new double[train.Count];
        var inside80 = new int[train.Count];
        var inside95 = new int[train.Count];
        var done = 0;
        Parallel.For(0, train.Count, TrainingThreads.Options, i =>
        {
            var actual = test.TryGetValue(train[i].Id, out var values) ? values : throw new InvalidDataException($"no test values for series {train[i].Id}");
            var forecast = SeriesForecaster.Forecast(method, train[i].Values, actual.Length);
            var points = forecast.Points.Select(p => p.Value).ToArray();
            smapes[i] = ForecastAccuracy.Smape(actual, points);
            mases[i] = ForecastAccuracy.Mase(train[i].Values, actual, points, seasonality);
            for (var h = 0; h < actual.Length; h++)
            {
                var p = forecast.Points[h];
                if (actual[h] >= p.Lower80 && actual[h] <= p.Upper80) inside80[i]++;
                if (actual[h] >= p.Lower95 && actual[h] <= p.Upper95) inside95[i]++;
            }
            progress?.Report((double)Interlocked.Increment(ref done) / train.Count);
        });
        var steps = (double)test.Values.Sum(v => v.Length);
        return new ForecastEvaluation(method, train.Count, smapes.Average(), mases.Average(), inside80.Sum() / steps, inside95.Sum() / steps, clock.Elapsed.TotalSeconds);
    }
}
