using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.ML.Tests;

public sealed class ForecastingTests
{
    [Fact]
    public void Smape_and_mase_match_hand_computed_values()
    {
        double[] actual = [10, 20, 0];
        double[] forecast = [12, 15, 0];
        // sMAPE: 200/3 · (2/22 + 5/35 + 0) = 15.584...
        Assert.Equal(200.0 / 3 * (2.0 / 22 + 5.0 / 35), ForecastAccuracy.Smape(actual, forecast), 10);
        // MASE: mean error 7/3 over the naive in-sample error of [1, 3, 2, 6]: (2 + 1 + 4) / 3 = 7/3, so 1.
        Assert.Equal(1.0, ForecastAccuracy.Mase([1, 3, 2, 6], actual, forecast), 10);
        // With period 2 the scale is (|2 - 1| + |6 - 3|) / 2 = 2.
        Assert.Equal(7.0 / 3 / 2, ForecastAccuracy.Mase([1, 3, 2, 6], actual, forecast, m: 2), 10);
    }

    [Fact]
    public void The_m4_reader_reads_ragged_quoted_rows()
    {
        var path = Path.Combine(Path.GetTempPath(), $"m4-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "\"V1\",\"V2\",\"V3\",\"V4\"\n\"W1\",\"1.5\",\"2\",\"3\"\n\"W2\",\"7\",\"\",\"\"\n");
        try
        {
            var series = M4Reader.Read(path);

            Assert.Equal(["W1", "W2"], series.Select(s => s.Id));
            Assert.Equal([1.5, 2, 3], series[0].Values);
            Assert.Equal([7.0], series[1].Values);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Holt_recovers_a_planted_trend_and_ses_a_flat_level()
    {
        var random = new Random(7);
        var trending = Enumerable.Range(0, 200).Select(t => 50 + 2.0 * t + Noise(random)).ToArray();
        var flat = Enumerable.Range(0, 200).Select(_ => 30 + Noise(random)).ToArray();

        var holt = ExponentialSmoothing.Fit(trending, TrendForm.Additive);
        var ses = ExponentialSmoothing.Fit(flat, TrendForm.None);
        var ahead = ExponentialSmoothing.Forecast(holt, 10);

        Assert.InRange(holt.Slope, 1.9, 2.1);
        Assert.InRange(ahead[9].Value, 50 + 2.0 * 209 - 3, 50 + 2.0 * 209 + 3);
        Assert.InRange(ses.Level, 29, 31);
        Assert.InRange(ses.Parameters.Alpha, 0, 0.2); // pure noise around a level: little smoothing weight on the newest value
        // AICc prefers a trend where there is one, and no trend where there is none.
        Assert.NotEqual(TrendForm.None, ExponentialSmoothing.FitBest(trending).Parameters.Trend);
        Assert.Equal(TrendForm.None, ExponentialSmoothing.FitBest(flat).Parameters.Trend);
    }

    [Fact]
    public void Daily_units_count_every_line_subtract_cancellations_and_fill_the_calendar_with_zeros()
    {
        var path = Path.Combine(Path.GetTempPath(), $"retail-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1,A,a,5,2011-01-03 10:00:00,1,17850,United Kingdom
            2,A,a,3,2011-01-03 12:00:00,1,,United Kingdom
            C3,A,a,-2,2011-01-05 09:00:00,1,17850,United Kingdom
            4,B,b,1,2011-01-04 09:00:00,1,17850,United Kingdom
            """);
        try
        {
            var series = DemandSeries.TopSellers(PersonalizationEngine.ML.Datasets.OnlineRetailReader.ReadUnits(path, TimeSpan.FromDays(1)), 5);

            Assert.Equal(["A", "B"], series.Select(s => s.Id));
            Assert.Equal([8.0, 0, -2], series[0].Values);
            Assert.Equal([0.0, 1, 0], series[1].Values);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_series_that_never_changed_is_left_out_of_the_mase_mean_and_counted()
    {
        var train = new[] { new M4Series("steady", [5, 5, 5, 5, 5, 5, 5, 5]), new M4Series("moving", [1, 2, 3, 4, 5, 6, 7, 8]) };
        var test = new Dictionary<string, double[]> { ["steady"] = [6, 6], ["moving"] = [9, 10] };

        var result = ForecastEvaluation.Run("naive", train, test, [Seasonality.None, Seasonality.None]);

        Assert.Equal(1, result.SeriesWithoutMase);
        Assert.Equal(ForecastAccuracy.Mase(train[1].Values, [9, 10], [8, 8]), result.Mase, 10);
    }

    [Fact]
    public void Holt_winters_recovers_a_weekly_pattern_and_beats_the_seasonal_naive_forecast()
    {
        // Daily demand with a day-of-week pattern (one closed day) and noise.
        var random = new Random(9);
        double[] week = [20, 25, 22, 30, 35, 0, 10];
        var values = Enumerable.Range(0, 26 * 7).Select(t => Math.Max(0, week[t % 7] + 3 * Noise(random))).ToArray();
        var train = values[..^14];

        var model = ExponentialSmoothing.Fit(train, TrendForm.None, period: 7);
        var forecast = ExponentialSmoothing.Forecast(model, 14).Select(p => p.Value).ToArray();
        var seasonalNaive = SeriesForecaster.Forecast("snaive", train, 14, Seasonality.Daily).Points.Select(p => p.Value).ToArray();

        // The next step is position train.Length % 7 of the week.
        for (var h = 0; h < 7; h++) Assert.InRange(forecast[h], week[(train.Length + h) % 7] - 4, week[(train.Length + h) % 7] + 4);
        Assert.True(ForecastAccuracy.Mase(train, values[^14..], forecast, 7) < ForecastAccuracy.Mase(train, values[^14..], seasonalNaive, 7));
        Assert.Equal("seasonal7", model.Method);
    }

    [Fact]
    public void Hw_theta_is_the_mean_of_both_and_comes_after_both_among_autos_candidates()
    {
        var random = new Random(4);
        double[] week = [20, 25, 22, 30, 35, 0, 10];
        var values = Enumerable.Range(0, 30 * 7).Select(t => Math.Max(0, week[t % 7] + 0.05 * t + 3 * Noise(random))).ToArray();

        var hw = SeriesForecaster.Forecast("hw", values, 14, Seasonality.Daily).Points;
        var theta = SeriesForecaster.Forecast("theta", values, 14, Seasonality.Daily).Points;
        var mean = SeriesForecaster.Forecast("hw+theta", values, 14, Seasonality.Daily).Points;

        for (var h = 0; h < 14; h++)
        {
            Assert.Equal((hw[h].Value + theta[h].Value) / 2, mean[h].Value, 9);
            Assert.Equal((hw[h].Upper95 + theta[h].Upper95) / 2, mean[h].Upper95, 9);
        }
        // auto reuses each origin's hw and theta fits for their mean: they must be fitted before it.
        var candidates = SeriesForecaster.Candidates(Seasonality.Daily);
        Assert.True(candidates.ToList().IndexOf("hw+theta") > Math.Max(candidates.ToList().IndexOf("hw"), candidates.ToList().IndexOf("theta")));
    }

    [Fact]
    public void Auto_takes_a_long_season_or_several_apart_by_decomposition_too_and_a_week_of_days_not()
    {
        Assert.Contains("mstl", SeriesForecaster.Candidates(Seasonality.ForFrequency("weekly")!));
        Assert.Contains("mstl", SeriesForecaster.Candidates(Seasonality.ForFrequency("hourly")!));
        Assert.DoesNotContain("mstl", SeriesForecaster.Candidates(Seasonality.Daily));
    }

    [Fact]
    public void Ets_takes_a_yearly_season_of_weekly_data_where_two_years_show_one()
    {
        var random = new Random(11);
        // Three years of weekly sales with a pronounced yearly cycle (peak before Christmas), plus noise.
        var weekly = Enumerable.Range(0, 156).Select(t => 100 + 40 * Math.Sin(2 * Math.PI * t / 52) + Noise(random, 3)).ToArray();

        var forecast = SeriesForecaster.Forecast("ets", weekly, 26, Seasonality.ForFrequency("weekly")!);
        var flat = SeriesForecaster.Forecast("ets", weekly, 26, Seasonality.None);

        Assert.EndsWith("seasonal52", forecast.Method);
        var truth = Enumerable.Range(156, 26).Select(t => 100 + 40 * Math.Sin(2 * Math.PI * t / 52)).ToArray();
        double Mae(Forecast f) => f.Points.Select((p, h) => Math.Abs(p.Value - truth[h])).Average();
        Assert.True(Mae(forecast) < 8 && Mae(forecast) < Mae(flat) / 2, $"seasonal ets MAE {Mae(forecast):F1}, plain ets {Mae(flat):F1}");
    }

    [Fact]
    public void Daily_demand_with_two_years_of_history_takes_its_yearly_season_too()
    {
        var random = new Random(12);
        // Three years of daily units: a yearly cycle (±15 around 30) and a weekly one (+8 on the weekday with index 5), with noise.
        double Truth(int t) => 30 + 15 * Math.Sin(2 * Math.PI * t / 365) + (t % 7 == 5 ? 8 : 0);
        var daily = Enumerable.Range(0, 3 * 365).Select(t => Truth(t) + Noise(random, 2)).ToArray();
        var future = Enumerable.Range(daily.Length, 90).Select(Truth).ToArray();
        double Mae(Forecast f) => f.Points.Select((p, h) => Math.Abs(p.Value - future[h])).Average();

        var yearly = SeriesForecaster.Forecast("hw+yearly", daily, 90, Seasonality.Daily);
        var weekly = SeriesForecaster.Forecast("hw", daily, 90, Seasonality.Daily);
        var chosen = SeriesForecaster.Forecast("auto", daily, 90, Seasonality.Daily);

        Assert.EndsWith("+yearly", yearly.Method);
        Assert.True(Mae(yearly) < 3 && Mae(yearly) < Mae(weekly) / 2, $"hw+yearly MAE {Mae(yearly):F1}, hw {Mae(weekly):F1}");
        // auto validates on three origins of 90 days here: two years precede each, so the yearly candidate competes, and wins.
        Assert.EndsWith("+yearly", chosen.Method);
        Assert.Null(YearlySeason.Of(daily[..700])); // under two years: no yearly season
    }

    [Fact]
    public void Tsb_forecasts_the_mean_demand_of_an_intermittent_series()
    {
        // Demand on one day in five, of about 5 units: the mean daily demand is about 1.
        var random = new Random(13);
        var values = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.2 ? 4.0 + random.Next(3) : 0).ToArray();
        var train = values[..^28];

        var tsb = SeriesForecaster.Forecast("tsb", train, 28, Seasonality.Daily);
        var naive = SeriesForecaster.Forecast("snaive", train, 28, Seasonality.Daily);
        // Squared error: TSB forecasts the mean (absolute error would favour forecasting zero every day).
        double Mse(Forecast f) => f.Points.Select((p, h) => Math.Pow(p.Value - values[^28..][h], 2)).Average();

        Assert.InRange(tsb.Points[0].Value, 0.7, 1.3);
        Assert.True(Mse(tsb) < Mse(naive), $"tsb {Mse(tsb):F2} vs snaive {Mse(naive):F2}");
        Assert.All(tsb.Points, p => Assert.True(p.Lower95 >= 0));
    }

    [Fact]
    public void Prediction_intervals_cover_at_their_stated_rates_on_generated_series()
    {
        // ETS(A,N,N) series with alpha 0.4 and unit noise: the fitted model's intervals should hold the
        // next values 80% and 95% of the time.
        var random = new Random(11);
        int inside80 = 0, inside95 = 0, total = 0;
        for (var s = 0; s < 300; s++)
        {
            var level = 100.0;
            var values = new double[130];
            for (var t = 0; t < values.Length; t++)
            {
                var error = Noise(random, 1);
                values[t] = level + error;
                level += 0.4 * error;
            }
            var model = ExponentialSmoothing.Fit(values[..120], TrendForm.None);
            var points = ExponentialSmoothing.Forecast(model, 10);
            for (var h = 0; h < 10; h++)
            {
                var actual = values[120 + h];
                if (actual >= points[h].Lower80 && actual <= points[h].Upper80) inside80++;
                if (actual >= points[h].Lower95 && actual <= points[h].Upper95) inside95++;
                total++;
            }
        }

        Assert.InRange((double)inside80 / total, 0.75, 0.85);
        Assert.InRange((double)inside95 / total, 0.92, 0.98);
    }

    [Fact]
    public void Every_method_forecasts_the_horizon_and_an_unknown_one_is_refused()
    {
        var history = Enumerable.Range(0, 60).Select(t => 10.0 + t % 7).ToArray();

        foreach (var method in ForecastMethods.All)
        {
            var forecast = ForecastMethods.ForAll(method, [history, history.Select(v => v * 2).ToArray()], [Seasonality.Daily, Seasonality.Daily], 13,
                new GlobalWindowOptions { Window = 8, Trees = 10, MinExamplesPerLeaf = 5 })[0];
            Assert.Equal(13, forecast.Points.Count);
            // "ets", "hw", "theta", "otm", "mstl" and "auto" name what they chose (auto: one candidate, or the mean of those
            // it pooled); every other method names itself.
            string[] seasonal = ["seasonal7", "damped-seasonal7"];
            string[] candidates = ["snaive", "theta", "theta-seasonal7", "otm", "otm-seasonal7", "tsb", "hw+theta", .. seasonal];
            var named = forecast.Method.StartsWith("mean of ", StringComparison.Ordinal) ? forecast.Method["mean of ".Length..].Split(", ") : [forecast.Method];
            Assert.All(named, part => Assert.Contains(part, method switch
            {
                "ets" => ["ses", "holt", "damped", .. seasonal],
                "hw" or "hw+yearly" => seasonal, // 60 values: too short for a yearly season
                "theta" => ["theta", "theta-seasonal7"],
                "otm" => ["otm", "otm-seasonal7"],
                "mstl" => ["mstl(7)"],
                "auto" => candidates,
                "auto+global" => [.. candidates, "global"],
                _ => [method],
            }));
            Assert.All(forecast.Points, p => Assert.True(p.Lower95 <= p.Lower80 && p.Lower80 <= p.Value && p.Value <= p.Upper80 && p.Upper80 <= p.Upper95));
        }
        Assert.Throws<ArgumentException>(() => ForecastMethods.ForAll("oracle", [history], [Seasonality.None], 13));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_global_model_learns_a_shape_shared_across_series(bool logScale)
    {
        // Every series repeats the same 8-step pattern at its own scale: one model across all of them
        // learns the pattern, which exponential smoothing without seasonality cannot.
        var random = new Random(5);
        double[] pattern = [1.0, 1.3, 1.6, 1.2, 0.8, 0.6, 0.7, 0.9];
        var series = Enumerable.Range(0, 40).Select(s =>
        {
            var scale = 10 + 5 * s;
            var offset = random.Next(8);
            return Enumerable.Range(0, 100 + s).Select(t => scale * pattern[(t + offset) % 8] * (1 + 0.02 * Noise(random))).ToArray();
        }).ToList();
        var train = series.Select(v => v[..^8]).ToArray();
        var options = new GlobalWindowOptions { Window = 16, WindowsPerSeries = 60, Trees = 50, Leaves = 8, Threads = 1, LogScale = logScale };

        var global = GlobalWindowModel.Fit(train, 8, options).Predict(train);
        var smape = series.Select((v, i) => ForecastAccuracy.Smape(v[^8..], global[i])).Average();
        var ets = series.Select((v, i) => ForecastAccuracy.Smape(v[^8..], SeriesForecaster.Forecast("ets", train[i], 8, Seasonality.None).Points.Select(p => p.Value).ToArray())).Average();

        Assert.True(smape < 6, $"global sMAPE {smape:F2}");
        Assert.True(smape < ets / 2, $"global sMAPE {smape:F2} vs ets {ets:F2}");
    }

    [Fact]
    public void On_the_log_scale_the_global_model_is_not_thrown_by_bulk_orders()
    {
        // Sparse daily demand: a few units most days, nothing on day 6 of each week, and rare bulk orders of
        // 200 times the usual. On the plain scale a bulk order in the recent level distorts every window.
        var random = new Random(9);
        var series = Enumerable.Range(0, 30).Select(s => Enumerable.Range(0, 150).Select(t =>
            t % 7 == 6 ? 0.0 : random.NextDouble() < 0.03 ? 400 : 2 + random.Next(3)).ToArray()).ToList();
        var train = series.Select(v => v[..^7]).ToArray();
        double Mae(GlobalWindowOptions o) =>
            GlobalWindowModel.Fit(train, 7, o).Predict(train).Select((f, i) => f.Select((p, h) => Math.Abs(p - series[i][^7..][h])).Average()).Average();
        var options = new GlobalWindowOptions { Window = 14, WindowsPerSeries = 100, Trees = 50, Leaves = 8, Threads = 1, CalendarPeriod = 7 };

        var plain = Mae(options);
        var log = Mae(options with { LogScale = true });

        Assert.True(log < plain, $"log-scale MAE {log:F2} vs plain {plain:F2}");
    }

    /// <summary>Gaussian noise (Box-Muller).</summary>
    private static double Noise(Random random, double sd = 1) =>
        sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Auto_forecasts_the_mean_of_the_candidates_that_validated_about_as_well()
    {
        // Noise around a level with no season: Holt-Winters, Theta and their mean forecast about the same level and err
        // alike on every origin; the seasonal naive forecast repeats last week's noise and errs more. (A clear winner
        // is served alone: the yearly-season test above.)
        var random = new Random(3);
        var level = Enumerable.Range(0, 200).Select(_ => 50 + Noise(random, 3)).ToArray();
        var pooled = SeriesForecaster.ChosenByValidation(level, 14, 14, Seasonality.Daily);
        Assert.StartsWith("mean of ", pooled.Method);
        Assert.DoesNotContain("snaive", pooled.Method);
        var parts = new[] { "hw", "theta" }.Select(m => SeriesForecaster.Forecast(m, level, 14, Seasonality.Daily).Points[0].Value).ToArray();
        Assert.InRange(pooled.Points[0].Value, parts.Min() - 1, parts.Max() + 1);
    }

    [Theory]
    [InlineData(140)] // five validation lengths: three origins for the forecast, two for the held-out choice
    [InlineData(84)] // three: no held-out choice, the seasonal naive forecast
    [InlineData(400)]
    public void The_held_out_choice_from_shared_origins_is_the_choice_made_on_the_shorter_history(int length)
    {
        var random = new Random(length);
        var units = Enumerable.Range(0, length).Select(t => 10 + 0.02 * t + (t % 7 == 5 ? 8 : 0) + random.NextDouble() * 3).ToArray();
        const int validation = 28;

        var (forecast, heldOut) = SeriesForecaster.ChosenWithHeldOut(units, validation, 10, Seasonality.Daily);

        var alone = SeriesForecaster.ChosenByValidation(units, validation, 10, Seasonality.Daily);
        var shorter = SeriesForecaster.ChosenByValidation(units[..^validation], validation, validation, Seasonality.Daily);
        Assert.Equal(alone.Method, forecast.Method);
        Assert.Equal(alone.Points, forecast.Points);
        Assert.Equal(shorter.Method, heldOut.Method);
        Assert.Equal(shorter.Points, heldOut.Points);
    }
}
