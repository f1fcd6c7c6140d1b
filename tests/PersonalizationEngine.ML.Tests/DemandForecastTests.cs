using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.ML.Tests;

public sealed class DemandForecastTests
{
    private static readonly DateOnly Day = new(2025, 6, 1);

    [Fact]
    public void Daily_sales_net_out_returns_fill_quiet_days_with_zeros_and_keep_only_the_newest_days()
    {
        var sales = new DailySales();
        sales.Add(Day.AddDays(2), 3, 30, maxDays: 10);
        sales.Add(Day, 5, 50, maxDays: 10); // out of order
        sales.Add(Day.AddDays(2), -1, -10, maxDays: 10); // a return that day

        Assert.Equal([5.0, 0, 2], sales.UnitsThrough(Day.AddDays(2), maxDays: 10));
        Assert.Equal(20, sales.Days[^1].Revenue);
        Assert.Equal([5.0, 0, 2, 0], sales.UnitsThrough(Day.AddDays(3), maxDays: 10));

        sales.Add(Day.AddDays(11), 1, 10, maxDays: 10); // Day falls out of the ten days kept
        Assert.Equal(Day.AddDays(2), sales.FirstDay);
        sales.Add(Day, 7, 70, maxDays: 10); // too old to keep
        Assert.Equal(Day.AddDays(2), sales.FirstDay);
        // A series asked to end later starts no more than maxDays back.
        Assert.Equal([1.0, 0], sales.UnitsThrough(Day.AddDays(12), maxDays: 2));
        Assert.Empty(sales.UnitsThrough(Day.AddDays(40), maxDays: 10));
    }

    [Fact]
    public void A_category_total_adds_points_and_interval_widths_in_quadrature()
    {
        var model = new DemandForecastModel(Day, 1, new Dictionary<string, Forecast>
        {
            ["a"] = new("seasonal7", [ForecastPoint.Normal(10, 3)]),
            ["b"] = new("tsb", [ForecastPoint.Normal(20, 4)]),
        });

        var (points, forecast) = model.Total(["a", "b", "unknown"]);

        Assert.Equal(2, forecast);
        Assert.Equal(30, points[0].Value, 9);
        Assert.Equal(ForecastPoint.Normal(30, 5).Upper95, points[0].Upper95, 9); // sd √(3² + 4²) = 5
        Assert.Equal(ForecastPoint.Normal(30, 5).Lower80, points[0].Lower80, 9);
    }

    [Fact]
    public void A_saved_model_loads_with_every_product_and_point()
    {
        var sales = new Dictionary<string, DailySales> { ["weekly"] = Weekly(), ["once"] = new() };
        sales["once"].Add(Day.AddDays(50), 2, 20, maxDays: 400);
        var (model, _) = DemandForecaster.FitAndEvaluate(sales, Day.AddDays(83), maxDays: 400, validationDays: 14, horizon: 10);
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var loaded = DemandForecastModel.Load(stream);

        Assert.Equal(Day.AddDays(84), loaded.FirstDay);
        Assert.Equal(["once", "weekly"], loaded.Products.Keys.Order());
        Assert.Equal(model.Of("weekly")!.Method, loaded.Of("weekly")!.Method);
        Assert.Equal(model.Of("weekly")!.Points, loaded.Of("weekly")!.Points);
        Assert.All(loaded.Of("once")!.Points, p => Assert.True(p.Lower95 >= 0)); // floored: demand is not negative
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Held_out_metrics_score_the_per_product_choice_against_the_seasonal_naive_forecast(bool globalModel)
    {
        var sales = Enumerable.Range(0, globalModel ? 6 : 1).ToDictionary(i => $"weekly{i}", i => Weekly(seed: 5 + i));
        var global = globalModel ? new GlobalWindowOptions { LogScale = true, StepsPerWindow = 2, WindowsPerSeries = 30, Trees = 20, MinExamplesPerLeaf = 5, Threads = 1 } : null;

        var (model, evaluation) = DemandForecaster.FitAndEvaluate(sales, Day.AddDays(83), maxDays: 400, validationDays: 14, horizon: 10, global);
        var (chosen, seasonalNaive) = evaluation!.Value;

        Assert.Equal(sales.Count, chosen.Series);
        Assert.Equal(globalModel ? "auto+global" : "auto", chosen.Method);
        Assert.True(chosen.Mase < seasonalNaive.Mase, $"{chosen.Mase} vs {seasonalNaive.Mase}"); // smoothing beats copying last week's noise
        Assert.All(model.Products.Values, p => Assert.Equal(10, p.Points.Count));
    }

    /// <summary>Twelve weeks: 20 units on one weekday, 5 on the others, with noise.</summary>
    private static DailySales Weekly(int seed = 5)
    {
        var random = new Random(seed);
        var sales = new DailySales();
        for (var d = 0; d < 84; d++) sales.Add(Day.AddDays(d), (d % 7 == 3 ? 20 : 5) + random.Next(-2, 3), 0, maxDays: 400);
        return sales;
    }
}
