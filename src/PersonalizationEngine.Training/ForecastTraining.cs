using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Forecasting;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Training;

/// <summary>
/// One refit of every product's demand forecast from the event log: net units (purchases less returns, counted as
/// the product grains count them, <see cref="SalesUnits"/>, over the same bounded histories) per day through the last
/// complete day (the day of the newest event, or yesterday when that is today: today's sales so far would read as a
/// slow day) and per hour through that day's last hour. Every product gets a daily forecast, each method chosen by
/// its own validation error (<see cref="DemandForecaster"/>); the best sellers get an hourly one as well (seasons of
/// 24 and 168 hours), and the others' hours are their days spread by the shop's hour-of-week profile. The run's
/// metrics are the held-out MASE of that choice and of the seasonal naive forecast, and how often the last steps
/// fell inside the 80% and 95% intervals, by day and by hour (one fit of the global model serves the daily choice
/// and the held-out forecast, <see cref="DemandForecaster.FitAndEvaluate"/>). A newer fit always replaces the
/// serving one: it has seen the latest days.
/// </summary>
public sealed class ForecastTraining(
    TrainingLog log, ModelStore<DemandForecastModel> store, IOptions<ForecastServingOptions> options, IOptions<EngineGrainOptions> grainOptions,
    TrainingScheduler scheduler, TimeProvider time)
    : ModelTraining<DemandForecastModel>(log, store)
{
    public const string Algorithm =
        "per product and day, the least validation error of seasonal naive, Holt-Winters (weekly season), Theta, TSB intermittent demand and " +
        "gradient-boosted trees across products; per best seller and hour, the same with seasons of 24 and 168 hours and their decomposition";

    private const int DailyMasePeriod = 7;
    private const int HourlyMasePeriod = SalesClock.HoursPerDay;

    /// <summary>The histories a product grain keeps, and so the histories the forecast learns from.</summary>
    private int MaxDays => grainOptions.Value.SalesHistoryDays;

    private int MaxHours => grainOptions.Value.SalesHistoryHours;

    /// <summary>
    /// The global model as served: on the log scale (sparse demand, bulk orders), one FastTree model of 150 trees
    /// for every step with two sampled steps per window, on the training cores. Chosen on `pe eval-forecast retail
    /// --on validation` (150 trees erred as little as 300 and fit in less time).
    /// </summary>
    private GlobalWindowOptions? Global => options.Value.UseGlobalModel
        ? new GlobalWindowOptions { LogScale = true, StepsPerWindow = 2, Trees = 150, WindowsPerSeries = options.Value.GlobalWindowsPerProduct, Threads = scheduler.Threads }
        : null;

    public override ModelSchedule Schedule => options.Value.ToSchedule();

    protected override ModelVersionInfo Train()
    {
        var run = StartRun(Algorithm, time);
        var settings = options.Value;
        var (daily, hourly, lastDay) = ReadSales();
        if (daily.Count == 0 || lastDay is not { } through) return run.NotPublished("not trained: no purchase events in the log");

        var metrics = new Dictionary<string, double> { ["products"] = daily.Count, ["validation_days"] = settings.ValidationDays };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (days, dailyEvaluation) = DemandForecaster.FitAndEvaluate(
            daily, through.DayNumber, MaxDays, Seasonality.Daily, settings.ValidationDays, settings.MaxHorizonDays, DailyMasePeriod, Global);
        AddMetrics(metrics, "", dailyEvaluation);
        metrics["daily_seconds"] = clock.Elapsed.TotalSeconds;
        clock.Restart();

        var lastHour = SalesClock.LastHourOf(through);
        var (hours, hourlyEvaluation) = DemandForecaster.FitAndEvaluate(
            BestSellers(hourly, lastHour, settings.HourlyProducts), lastHour, MaxHours, Seasonality.Hourly, settings.ValidationHours, settings.HourlyHorizon, HourlyMasePeriod);
        metrics["hourly_products"] = hours.Products.Count;
        AddMetrics(metrics, "hourly_", hourlyEvaluation);
        metrics["hourly_seconds"] = clock.Elapsed.TotalSeconds;

        var model = new DemandForecastModel(days, hours, HourOfWeekProfile.Of(ShopUnits(hourly, lastHour), lastHour - MaxHours + 1));
        return run.Publish(model, metrics, metrics.ContainsKey("scored_products")
            ? "published"
            : $"published (no product has the {4 * settings.ValidationDays} days of history the held-out metrics need)");
    }

    private static void AddMetrics(Dictionary<string, double> metrics, string prefix, (ForecastEvaluation Chosen, ForecastEvaluation SeasonalNaive)? evaluation)
    {
        if (evaluation is not var (chosen, seasonalNaive)) return;
        metrics[$"{prefix}scored_products"] = chosen.Series;
        if (double.IsFinite(chosen.Mase)) metrics[$"{prefix}mase"] = chosen.Mase;
        if (double.IsFinite(seasonalNaive.Mase)) metrics[$"{prefix}seasonal_naive_mase"] = seasonalNaive.Mase;
        metrics[$"{prefix}interval_80_coverage"] = chosen.Coverage80;
        metrics[$"{prefix}interval_95_coverage"] = chosen.Coverage95;
    }

    /// <summary>The <paramref name="count"/> products with the most net units in the hourly history through <paramref name="lastHour"/>.</summary>
    private Dictionary<string, SalesSeries> BestSellers(Dictionary<string, SalesSeries> hourly, int lastHour, int count) =>
        hourly.Select(p => (p.Key, Series: p.Value, Units: p.Value.Since(lastHour - MaxHours + 1).Units))
            .Where(p => p.Units > 0)
            .OrderByDescending(p => p.Units).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(count)
            .ToDictionary(p => p.Key, p => p.Series, StringComparer.Ordinal);

    /// <summary>The whole shop's net units per hour over the hourly history ending at <paramref name="lastHour"/>.</summary>
    private double[] ShopUnits(Dictionary<string, SalesSeries> hourly, int lastHour)
    {
        var first = lastHour - MaxHours + 1;
        var units = new double[MaxHours];
        foreach (var series in hourly.Values)
        {
            foreach (var s in series.Steps)
            {
                if (s.Step >= first && s.Step <= lastHour) units[s.Step - first] += s.Units;
            }
        }
        return units;
    }

    /// <summary>Every product's daily and hourly sales in the log, and the series' common last day: the last complete day with events.</summary>
    private (Dictionary<string, SalesSeries> Daily, Dictionary<string, SalesSeries> Hourly, DateOnly? LastDay) ReadSales()
    {
        var daily = new Dictionary<string, SalesSeries>(StringComparer.Ordinal);
        var hourly = new Dictionary<string, SalesSeries>(StringComparer.Ordinal);
        DateTimeOffset? newest = null;
        foreach (var e in ReadLog())
        {
            if (newest is null || e.OccurredAt > newest) newest = e.OccurredAt;
            if (e.ProductId is not { } productId || SalesUnits.Of(e.Type, e.Value, e.Quantity) is not { } sale) continue;
            if (!daily.TryGetValue(productId, out var days))
            {
                daily[productId] = days = new SalesSeries();
                hourly[productId] = new SalesSeries();
            }
            SalesUnits.Record(e.OccurredAt, sale, days, hourly[productId], grainOptions.Value);
        }
        if (newest is not { } at) return (daily, hourly, null);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var newestDay = DateOnly.FromDateTime(at.UtcDateTime);
        return (daily, hourly, newestDay >= today ? today.AddDays(-1) : newestDay);
    }
}
