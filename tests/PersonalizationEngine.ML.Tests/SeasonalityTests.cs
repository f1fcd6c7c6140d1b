using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.ML.Tests;

/// <summary>Seasons found in the data, and the seasonal methods that take them: several at once, Theta's adjustment.</summary>
public sealed class SeasonalityTests
{
    private static double Noise(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Hourly demand: a daily cycle, optionally a quieter weekend, a slow trend and unit noise.</summary>
    private static double Hourly(int t, bool weekly) =>
        50 + 0.01 * t + 20 * Math.Sin(2 * Math.PI * t / 24) + (weekly && t % 168 >= 120 ? -25 : 0);

    [Fact]
    public void Detection_finds_the_day_and_the_week_and_only_the_day_when_every_day_is_alike()
    {
        var random = new Random(1);
        var both = Enumerable.Range(0, 8 * 168).Select(t => Hourly(t, weekly: true) + 3 * Noise(random)).ToArray();
        var daily = Enumerable.Range(0, 8 * 168).Select(t => Hourly(t, weekly: false) + 3 * Noise(random)).ToArray();
        var noise = Enumerable.Range(0, 8 * 168).Select(_ => 50 + 3 * Noise(random)).ToArray();
        int[] candidates = [12, 24, 168];

        Assert.Equal([24, 168], Seasonality.Detect(both, candidates).Periods);
        Assert.Equal([24], Seasonality.Detect(daily, candidates).Periods);
        Assert.Empty(Seasonality.Detect(noise, candidates).Periods);
        Assert.Empty(Seasonality.Detect(both[..70], candidates).Periods); // under three cycles of either
    }

    [Fact]
    public void Two_seasons_at_once_beat_either_seasonal_naive_forecast_and_the_intervals_hold_their_rates()
    {
        var random = new Random(2);
        const int horizon = 48;
        double mstl = 0, daily = 0, weekly = 0;
        int inside80 = 0, inside95 = 0, total = 0;
        for (var s = 0; s < 30; s++)
        {
            var offset = random.Next(168);
            var values = Enumerable.Range(offset, 6 * 168 + horizon).Select(t => Hourly(t, weekly: true) + 3 * Noise(random)).ToArray();
            var train = values[..^horizon];
            var actual = values[^horizon..];
            var forecast = SeriesForecaster.Forecast("mstl", train, horizon, Seasonality.Hourly);
            double Mase(Forecast f) => ForecastAccuracy.Mase(train, actual, f.Points.Select(p => p.Value).ToArray(), 24);
            mstl += Mase(forecast);
            daily += Mase(SeriesForecaster.Forecast("snaive", train, horizon, Seasonality.Hourly));
            weekly += Mase(SeriesForecaster.Forecast("snaive", train, horizon, new Seasonality([168])));
            for (var h = 0; h < horizon; h++, total++)
            {
                var p = forecast.Points[h];
                if (actual[h] >= p.Lower80 && actual[h] <= p.Upper80) inside80++;
                if (actual[h] >= p.Lower95 && actual[h] <= p.Upper95) inside95++;
            }
        }

        Assert.True(mstl < daily && mstl < weekly, $"MASE mstl {mstl / 30:F3}, 24-hour seasonal naive {daily / 30:F3}, 168-hour {weekly / 30:F3}");
        Assert.InRange((double)inside80 / total, 0.75, 0.85);
        Assert.InRange((double)inside95 / total, 0.90, 1.0);
    }

    [Fact]
    public void Theta_adjusts_a_seasonal_series_and_forecasts_its_trend()
    {
        var random = new Random(3);
        // Monthly values: a rising trend times a yearly pattern.
        double Truth(int t) => (100 + 2 * t) * (1 + 0.3 * Math.Sin(2 * Math.PI * t / 12));
        var values = Enumerable.Range(0, 96).Select(t => Truth(t) * (1 + 0.02 * Noise(random))).ToArray();
        var future = Enumerable.Range(96, 18).Select(Truth).ToArray();
        double Mae(Forecast f) => f.Points.Select((p, h) => Math.Abs(p.Value - future[h])).Average();

        var seasonal = ThetaMethod.Forecast(values, 18, Seasonality.ForFrequency("monthly")!);
        var plain = ThetaMethod.Forecast(values, 18, Seasonality.None);

        Assert.Equal("theta-seasonal12", seasonal.Method);
        Assert.Equal("theta", plain.Method);
        Assert.True(Mae(seasonal) < Mae(plain) / 3, $"seasonal theta MAE {Mae(seasonal):F1}, plain {Mae(plain):F1}");
    }

    [Fact]
    public void The_optimised_theta_model_follows_a_steep_trend_closer_than_the_standard_one()
    {
        // A steep trend the standard method's half slope under-follows: the optimised model fits a larger θ.
        var random = new Random(5);
        double Truth(int t) => 50 + 3 * t;
        var values = Enumerable.Range(0, 80).Select(t => Truth(t) + 2 * Noise(random)).ToArray();
        var future = Enumerable.Range(80, 13).Select(Truth).ToArray();
        double Mae(Forecast f) => f.Points.Select((p, h) => Math.Abs(p.Value - future[h])).Average();

        var optimised = ThetaMethod.Optimised(values, 13, Seasonality.None);
        var standard = ThetaMethod.Forecast(values, 13, Seasonality.None);

        Assert.Equal("otm", optimised.Method);
        Assert.True(Mae(optimised) < Mae(standard), $"optimised theta MAE {Mae(optimised):F2}, standard {Mae(standard):F2}");
        Assert.All(optimised.Points, p => Assert.True(p.Lower95 < p.Lower80 && p.Lower80 < p.Value && p.Value < p.Upper80 && p.Upper80 < p.Upper95));
    }

    [Fact]
    public void The_optimised_theta_model_of_a_level_series_forecasts_its_level()
    {
        var random = new Random(9);
        var values = Enumerable.Range(0, 60).Select(_ => 40 + Noise(random)).ToArray();

        var forecast = ThetaMethod.Optimised(values, 8, Seasonality.None);

        Assert.All(forecast.Points, p => Assert.InRange(p.Value, 38.5, 41.5));
    }

    [Fact]
    public void Frequencies_name_their_seasons_and_m4_ids_name_their_frequency()
    {
        Assert.Equal([24, 168], Seasonality.ForFrequency("hourly")!.Periods);
        Assert.Equal([52], Seasonality.ForFrequency("W")!.Periods);
        Assert.Empty(Seasonality.ForFrequency("yearly")!.Periods);
        Assert.Null(Seasonality.ForFrequency("fortnightly"));
        Assert.Equal("H", M4Reader.FrequencyOf([new M4Series("H1", [1]), new M4Series("H2", [2])], "train.csv"));
        Assert.Equal("monthly", M4Reader.FrequencyOf([new M4Series("1", [1])], "/data/Monthly-train.csv.gz"));
        Assert.Null(M4Reader.FrequencyOf([new M4Series("a", [1])], "series.csv"));
    }
}
