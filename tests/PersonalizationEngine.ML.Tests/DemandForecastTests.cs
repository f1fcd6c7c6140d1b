using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.ML.Tests;

public sealed class DemandForecastTests
{
    private static readonly DateOnly Day = new(2025, 6, 1);

    [Fact]
    public void Sales_net_out_returns_fill_quiet_steps_with_zeros_and_keep_only_the_newest_steps()
    {
        var d = Day.DayNumber;
        var sales = new SalesSeries();
        sales.Add(d + 2, 3, 30, maxSteps: 10);
        sales.Add(d, 5, 50, maxSteps: 10); // out of order
        sales.Add(d + 2, -1, -10, maxSteps: 10); // a return that day

        Assert.Equal([5.0, 0, 2], sales.UnitsThrough(d + 2, maxSteps: 10));
        Assert.Equal(20, sales.Steps[^1].Revenue);
        Assert.Equal([5.0, 0, 2, 0], sales.UnitsThrough(d + 3, maxSteps: 10));
        Assert.Equal((2.0, 20.0), sales.Since(d + 1));

        sales.Add(d + 11, 1, 10, maxSteps: 10); // Day falls out of the ten days kept
        Assert.Equal(d + 2, sales.FirstStep);
        sales.Add(d, 7, 70, maxSteps: 10); // too old to keep
        Assert.Equal(d + 2, sales.FirstStep);
        // A series asked to end later starts no more than maxSteps back.
        Assert.Equal([1.0, 0], sales.UnitsThrough(d + 12, maxSteps: 2));
        Assert.Empty(sales.UnitsThrough(d + 40, maxSteps: 10));
    }

    [Fact]
    public void Hour_steps_follow_each_other_across_midnight_and_align_with_days()
    {
        var evening = new DateTimeOffset(2025, 6, 1, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(SalesClock.HourOf(evening) + 1, SalesClock.HourOf(evening.AddHours(1)));
        Assert.Equal(SalesClock.LastHourOf(Day), SalesClock.HourOf(evening));
        Assert.Equal(new DateTime(2025, 6, 1, 23, 0, 0, DateTimeKind.Utc), SalesClock.StartOfHour(SalesClock.HourOf(evening)));
        Assert.Equal(SalesClock.HourOf(evening.AddHours(2)), SalesClock.HourOf(new DateTimeOffset(2025, 6, 2, 3, 30, 0, TimeSpan.FromHours(2)))); // UTC
    }

    [Fact]
    public void The_hour_of_week_profile_splits_each_weekday_as_the_shop_sold_and_spreads_a_daily_forecast_keeping_its_total()
    {
        // Two weeks from a Sunday: 3 units at 10:00 and 1 at 15:00 every day but Tuesdays, which sell nothing.
        var sunday = new DateOnly(2025, 6, 1);
        var firstHour = sunday.DayNumber * 24;
        var units = new double[14 * 24];
        for (var day = 0; day < 14; day++)
        {
            if (sunday.AddDays(day).DayOfWeek == DayOfWeek.Tuesday) continue;
            units[day * 24 + 10] = 3;
            units[day * 24 + 15] = 1;
        }

        var profile = HourOfWeekProfile.Of(units, firstHour);

        Assert.Equal(0.75, profile.ShareOf(firstHour + 10), 9);
        Assert.Equal(0.25, profile.ShareOf(firstHour + 7 * 24 + 15), 9);
        Assert.Equal(0, profile.ShareOf(firstHour + 3), 9);
        Assert.Equal(1.0 / 24, profile.ShareOf(firstHour + 2 * 24 + 10), 9); // Tuesday: no sales, an even split
        var daily = new Forecast("hw", [ForecastPoint.Normal(8, 2), ForecastPoint.Normal(4, 1)]);
        var hourly = profile.Spread(daily, sunday.DayNumber, hours: 48);
        Assert.Equal(48, hourly.Points.Count);
        Assert.Equal(8, hourly.Points.Take(24).Sum(p => p.Value), 9);
        Assert.Equal(6, hourly.Points[10].Value, 9);
        Assert.Equal(1, hourly.Points[24 + 15].Value, 9);
        Assert.StartsWith("hw by day", hourly.Method);
    }

    [Fact]
    public void An_hourly_forecast_is_the_products_own_where_it_has_one_and_its_days_spread_otherwise()
    {
        var model = new DemandForecastModel(
            new StepForecasts(Day.DayNumber, 2, new Dictionary<string, Forecast>
            {
                ["seller"] = new("hw", [ForecastPoint.Normal(24, 2), ForecastPoint.Normal(24, 2)]),
                ["sparse"] = new("tsb", [ForecastPoint.Normal(48, 2), ForecastPoint.Normal(24, 2)]),
            }),
            new StepForecasts(Day.DayNumber * 24, 36, new Dictionary<string, Forecast> { ["seller"] = new("mstl", Enumerable.Repeat(ForecastPoint.Normal(1, 0.5), 36).ToArray()) }),
            HourOfWeekProfile.Even);

        Assert.Equal("mstl", model.Of("seller", ForecastGranularity.Hour)!.Method);
        var sparse = model.Of("sparse", ForecastGranularity.Hour)!;
        Assert.Equal(36, sparse.Points.Count);
        Assert.Equal(2, sparse.Points[0].Value, 9);
        Assert.Equal(1, sparse.Points[30].Value, 9);
        Assert.Null(model.Of("unknown", ForecastGranularity.Hour));
        Assert.Equal(new DateTime(2025, 6, 2, 1, 0, 0, DateTimeKind.Utc), model.TimeOf(25, ForecastGranularity.Hour));
        Assert.Equal(new DateTime(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc), model.TimeOf(1, ForecastGranularity.Day));
        var (total, forecast) = model.Total(["seller", "sparse"], ForecastGranularity.Hour);
        Assert.Equal(2, forecast);
        Assert.Equal(36, total.Length);
        Assert.Equal(3, total[0].Value, 9);
    }

    [Fact]
    public void A_category_total_adds_points_and_interval_widths_in_quadrature()
    {
        var model = new DemandForecastModel(new StepForecasts(Day.DayNumber, 1, new Dictionary<string, Forecast>
        {
            ["a"] = new("seasonal7", [ForecastPoint.Normal(10, 3)]),
            ["b"] = new("tsb", [ForecastPoint.Normal(20, 4)]),
        }), new StepForecasts(Day.DayNumber * 24, 0, new Dictionary<string, Forecast>()), HourOfWeekProfile.Even);

        var (points, forecast) = model.Total(["a", "b", "unknown"], ForecastGranularity.Day);

        Assert.Equal(2, forecast);
        Assert.Equal(30, points[0].Value, 9);
        Assert.Equal(ForecastPoint.Normal(30, 5).Upper95, points[0].Upper95, 9); // sd √(3² + 4²) = 5
        Assert.Equal(ForecastPoint.Normal(30, 5).Lower80, points[0].Lower80, 9);
    }

    [Fact]
    public void A_saved_model_loads_with_every_product_and_point()
    {
        var sales = new Dictionary<string, SalesSeries> { ["weekly"] = Weekly(), ["once"] = new() };
        sales["once"].Add(Day.DayNumber + 50, 2, 20, maxSteps: 400);
        var (days, _) = DemandForecaster.FitAndEvaluate(sales, Day.DayNumber + 83, maxSteps: 400, Seasonality.Daily, validation: 14, horizon: 10, masePeriod: 7);
        var hourly = new Dictionary<string, SalesSeries> { ["weekly"] = new() };
        for (var h = 0; h < 24 * 14; h++) hourly["weekly"].Add(Day.DayNumber * 24 + h, h % 24 == 12 ? 4 : 0, 0, maxSteps: 2_000);
        var (hours, _) = DemandForecaster.FitAndEvaluate(hourly, Day.DayNumber * 24 + 24 * 14 - 1, maxSteps: 2_000, Seasonality.Hourly, validation: 24, horizon: 12, masePeriod: 24);
        var model = new DemandForecastModel(days, hours, HourOfWeekProfile.Of(hourly["weekly"].UnitsThrough(Day.DayNumber * 24 + 24 * 14 - 1, 2_000), Day.DayNumber * 24));
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var loaded = DemandForecastModel.Load(stream);

        Assert.Equal(Day.AddDays(84), loaded.FirstDay);
        Assert.Equal(["once", "weekly"], loaded.Daily.Products.Keys.Order());
        Assert.Equal(model.Of("weekly", ForecastGranularity.Day)!.Method, loaded.Of("weekly", ForecastGranularity.Day)!.Method);
        Assert.Equal(model.Of("weekly", ForecastGranularity.Day)!.Points, loaded.Of("weekly", ForecastGranularity.Day)!.Points);
        Assert.Equal(model.Of("weekly", ForecastGranularity.Hour)!.Points, loaded.Of("weekly", ForecastGranularity.Hour)!.Points);
        Assert.Equal(model.Of("once", ForecastGranularity.Hour)!.Points, loaded.Of("once", ForecastGranularity.Hour)!.Points); // spread by the same profile
        Assert.All(loaded.Of("once", ForecastGranularity.Day)!.Points, p => Assert.True(p.Lower95 >= 0)); // floored: demand is not negative
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Held_out_metrics_score_the_per_product_choice_against_the_seasonal_naive_forecast(bool globalModel)
    {
        var sales = Enumerable.Range(0, globalModel ? 6 : 1).ToDictionary(i => $"weekly{i}", i => Weekly(seed: 5 + i));
        var global = globalModel ? new GlobalWindowOptions { LogScale = true, StepsPerWindow = 2, WindowsPerSeries = 30, Trees = 20, MinExamplesPerLeaf = 5, Threads = 1 } : null;

        var (model, evaluation) = DemandForecaster.FitAndEvaluate(sales, Day.DayNumber + 83, maxSteps: 400, Seasonality.Daily, validation: 14, horizon: 10, masePeriod: 7, global);
        var (chosen, seasonalNaive) = evaluation!.Value;

        Assert.Equal(sales.Count, chosen.Series);
        Assert.Equal(globalModel ? "auto+global" : "auto", chosen.Method);
        Assert.True(chosen.Mase < seasonalNaive.Mase, $"{chosen.Mase} vs {seasonalNaive.Mase}"); // smoothing beats copying last week's noise
        Assert.All(model.Products.Values, p => Assert.Equal(10, p.Points.Count));
    }

    /// <summary>Twelve weeks: 20 units on one weekday, 5 on the others, with noise.</summary>
    private static SalesSeries Weekly(int seed = 5)
    {
        var random = new Random(seed);
        var sales = new SalesSeries();
        for (var d = 0; d < 84; d++) sales.Add(Day.DayNumber + d, (d % 7 == 3 ? 20 : 5) + random.Next(-2, 3), 0, maxSteps: 400);
        return sales;
    }
}
