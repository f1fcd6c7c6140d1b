using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// ForecastService end to end: twelve weeks of daily sales (units in the "quantity" context, a return
/// subtracting) are tracked, the forecast is fitted through ModelAdminService, and GetDemandForecast must
/// carry the weekly pattern forward with ordered intervals, by day and by hour; categories sum their products.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ForecastServiceTests(EngineFixture fixture) : IDisposable
{
    private const int Weeks = 12;
    private readonly Shop _shop = new();
    private readonly DateOnly _lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
    private RunningEngine _engine = fixture.Engine;
    private string? _ownDataFolder;

    public void Dispose()
    {
        if (_ownDataFolder is not null && Directory.Exists(_ownDataFolder)) Directory.Delete(_ownDataFolder, recursive: true);
    }


    [Fact]
    public async Task The_fitted_forecast_carries_the_weekly_pattern_with_ordered_intervals()
    {
        // An engine of its own: the fit counts every product in the log. Twelve weeks score the last two.
        _ownDataFolder = RunningEngine.NewDataFolder();
        await using var engine = await RunningEngine.StartAsync(_ownDataFolder, "Forecast:ValidationDays=14", "Forecast:HourlyProducts=1");
        _engine = engine;
        var untrained = await Assert.ThrowsAsync<RpcException>(() => ForecastAsync(_shop.Id("weekend"), 7));
        Assert.Equal(StatusCode.FailedPrecondition, untrained.StatusCode);
        await TrackSalesAsync();

        var run = await _engine.Admin.RetrainAsync(new RetrainRequest { Model = "forecast" });

        Assert.True(run.Published, run.Note);
        Assert.Equal(2, run.Metrics["products"]);
        Assert.Equal(2, run.Metrics["scored_products"]);
        Assert.True(run.Metrics["mase"] < 1, $"MASE {run.Metrics["mase"]}"); // a clean weekly pattern: far better than noise-chasing
        var weekend = await ForecastAsync(_shop.Id("weekend"), 14);
        Assert.Equal(14, weekend.Points.Count);
        Assert.Equal(_lastDay.AddDays(1), DateOnly.FromDateTime(weekend.Points[0].Date.ToDateTime()));
        Assert.DoesNotContain("zero", weekend.Method);
        foreach (var p in weekend.Points)
        {
            Assert.True(p.Lower95 <= p.Lower80 && p.Lower80 <= p.Units && p.Units <= p.Upper80 && p.Upper80 <= p.Upper95, p.ToString());
            Assert.True(p.Lower95 >= 0);
            var saturday = p.Date.ToDateTime().DayOfWeek == DayOfWeek.Saturday;
            Assert.InRange(p.Units, saturday ? 15 : 2, saturday ? 25 : 8);
        }

        // The category is the sum of its two products.
        var steady = await ForecastAsync(_shop.Id("steady"), 14);
        var category = await _engine.Forecast.GetDemandForecastAsync(new DemandForecastRequest { Category = _shop.Category("home"), HorizonDays = 14 });
        Assert.StartsWith("sum of 2 product forecasts", category.Method);
        for (var h = 0; h < 14; h++) Assert.Equal(weekend.Points[h].Units + steady.Points[h].Units, category.Points[h].Units, 6);

        // A product that never sold is forecast at zero, saying so: not an error.
        var unknown = await ForecastAsync(_shop.Id("never-sold"), 3);
        Assert.Equal("zero (no sales history)", unknown.Method);
        Assert.All(unknown.Points, p => Assert.Equal(0, p.Upper95));

        // By the hour: the best seller has a model of its own, the other its days spread over the hours the shop sells in (noon).
        Assert.Equal(1, run.Metrics["hourly_products"]);
        Assert.True(run.Metrics["hourly_mase"] < run.Metrics["hourly_seasonal_naive_mase"], $"{run.Metrics["hourly_mase"]} vs {run.Metrics["hourly_seasonal_naive_mase"]}");
        var weekendHours = await HourlyForecastAsync(_shop.Id("weekend"), 48);
        Assert.Equal(48, weekendHours.Points.Count);
        Assert.Equal(_lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), weekendHours.Points[0].Date.ToDateTime());
        Assert.Equal(_lastDay.AddDays(1).ToDateTime(new TimeOnly(13, 0), DateTimeKind.Utc), weekendHours.Points[13].Date.ToDateTime());
        Assert.DoesNotContain("spread", weekendHours.Method);
        Assert.Equal(12, weekendHours.Points.Take(24).Select((p, h) => (p.Units, h)).Max().h); // the noon sale
        var steadyHours = await HourlyForecastAsync(_shop.Id("steady"), 48);
        Assert.Contains("spread by the shop's hour-of-week profile", steadyHours.Method);
        Assert.Equal(steady.Points[0].Units, steadyHours.Points[12].Units, 6);
        Assert.Equal(0, steadyHours.Points[11].Units, 6);
        var categoryHours = await _engine.Forecast.GetDemandForecastAsync(new DemandForecastRequest
            { Category = _shop.Category("home"), Granularity = ForecastGranularity.Hour, HorizonHours = 48 });
        for (var h = 0; h < 48; h++) Assert.Equal(weekendHours.Points[h].Units + steadyHours.Points[h].Units, categoryHours.Points[h].Units, 6);
    }

    [Fact]
    public async Task Returns_subtract_from_the_products_live_sales()
    {
        var sale = _shop.Event("c1", "mug", EventType.Purchase, value: 30);
        sale.Context["quantity"] = "3";
        var refund = _shop.Event("c1", "mug", EventType.Return, value: 10);
        await _engine.Events.TrackAsync(Shop.Batch(sale, refund));

        var product = await Eventually.MatchAsync(
            () => _engine.Catalog.GetProductAsync(new GetProductRequest { ProductId = _shop.Id("mug") }).ResponseAsync,
            p => p.Stats.NetRevenue30D == 20);

        Assert.Equal(2, product.Stats.NetUnits30D);
        Assert.Equal(2, product.Stats.NetUnits24H);
        Assert.Equal(1, product.Stats.Purchases);
    }

    [Theory]
    [InlineData("p", "", 0, "horizon_days:")]
    [InlineData("p", "", 91, "horizon_days:")]
    [InlineData("", "", 7, "product_id:")]
    [InlineData("p", "c", 7, "category:")]
    public async Task Bad_requests_name_the_field(string productId, string category, int horizon, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _engine.Forecast.GetDemandForecastAsync(new DemandForecastRequest { ProductId = productId, Category = category, HorizonDays = horizon }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail);
    }

    [Theory]
    [InlineData(ForecastGranularity.Hour, 0, 0, "horizon_hours:")]
    [InlineData(ForecastGranularity.Hour, 7, 24, "horizon_days:")]
    [InlineData(ForecastGranularity.Hour, 0, 337, "horizon_hours:")]
    [InlineData(ForecastGranularity.Day, 7, 24, "horizon_hours:")]
    [InlineData((ForecastGranularity)9, 7, 0, "granularity:")]
    public async Task Bad_hourly_requests_name_the_field(ForecastGranularity granularity, int days, int hours, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _engine.Forecast.GetDemandForecastAsync(
            new DemandForecastRequest { ProductId = "p", Granularity = granularity, HorizonDays = days, HorizonHours = hours }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail);
    }

    [Fact]
    public async Task A_quantity_that_is_not_a_positive_number_is_refused()
    {
        var sale = _shop.Event("c1", "mug", EventType.Purchase, value: 30);
        sale.Context["quantity"] = "-2";

        var error = await Assert.ThrowsAsync<RpcException>(() => _engine.Events.TrackAsync(Shop.Batch(sale)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("events[0].context[quantity]:", error.Status.Detail);
    }

    private Task<DemandForecastResponse> ForecastAsync(string productId, int horizon) =>
        _engine.Forecast.GetDemandForecastAsync(new DemandForecastRequest { ProductId = productId, HorizonDays = horizon }).ResponseAsync;

    private Task<DemandForecastResponse> HourlyForecastAsync(string productId, int hours) =>
        _engine.Forecast.GetDemandForecastAsync(new DemandForecastRequest { ProductId = productId, Granularity = ForecastGranularity.Hour, HorizonHours = hours }).ResponseAsync;

    /// <summary>
    /// "weekend" sells 20 units on Saturdays and 5 on other days, "steady" 3 a day, both ±1; on the last day
    /// "steady" also has a return of one unit (net 2 that day); "weekend" has sold one unit today.
    /// </summary>
    private async Task TrackSalesAsync()
    {
        await _engine.Catalog.UpsertProductsAsync(Shop.Catalog([_shop.Product("weekend", "home"), _shop.Product("steady", "home")]));
        var random = new Random(3);
        var events = new List<Event>();
        for (var day = _lastDay.AddDays(-7 * Weeks + 1); day <= _lastDay; day = day.AddDays(1))
        {
            var weekend = (day.DayOfWeek == DayOfWeek.Saturday ? 20 : 5) + random.Next(-1, 2);
            events.Add(Sale("weekend", day, weekend, EventType.Purchase));
            events.Add(Sale("steady", day, 3 + random.Next(-1, 2), EventType.Purchase));
        }
        events.Add(Sale("steady", _lastDay, 1, EventType.Return));
        // Today is not over: its sales so far are not a day of history, and the forecast starts today.
        events.Add(Sale("weekend", _lastDay.AddDays(1), 1, EventType.Purchase));
        await _engine.Events.TrackAsync(Shop.Batch([.. events]));
    }

    private Event Sale(string product, DateOnly day, int units, EventType type)
    {
        var e = _shop.Event($"buyer-{day.DayNumber % 5}", product, type, value: 10.0 * units);
        e.OccurredAt = Timestamp.FromDateTime(day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc));
        e.Context["quantity"] = units.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return e;
    }
}
