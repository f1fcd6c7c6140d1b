using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Forecasting;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Training;

/// <summary>
/// One refit of every product's demand forecast from the event log: net daily units (purchases less
/// returns, counted as the product grains count them, <see cref="SalesUnits"/>, over the same bounded
/// history) through the last complete day (the day of the newest event, or yesterday when that is today:
/// today's sales so far would read as a slow day), each product's method chosen by its own validation
/// error (<see cref="DemandForecaster"/>). The run's metrics are the held-out MASE of that choice and of
/// the seasonal naive forecast, and how often the last days fell inside the 80% and 95% intervals
/// (one fit of the global model serves the choice and the held-out forecast, <see cref="DemandForecaster.FitAndEvaluate"/>).
/// A newer fit always replaces the serving one: it has seen the latest days.
/// </summary>
public sealed class ForecastTraining(
    TrainingLog log, ModelStore<DemandForecastModel> store, IOptions<ForecastServingOptions> options, IOptions<EngineGrainOptions> grainOptions,
    TrainingScheduler scheduler, TimeProvider time)
    : ModelTraining<DemandForecastModel>(log, store)
{
    public const string Algorithm =
        "per product, the least validation error of seasonal naive, Holt-Winters (weekly season, AICc), TSB intermittent demand and gradient-boosted trees across products";

    /// <summary>The history a product grain keeps, and so the history the forecast learns from.</summary>
    private int MaxDays => grainOptions.Value.SalesHistoryDays;

    /// <summary>
    /// The global model as served: on the log scale (sparse demand, bulk orders), one FastTree model for every
    /// step with two sampled steps per window, on the training cores. Chosen on `pe eval-forecast retail --on validation`.
    /// </summary>
    private GlobalWindowOptions? Global => options.Value.UseGlobalModel
        ? new GlobalWindowOptions { LogScale = true, StepsPerWindow = 2, WindowsPerSeries = options.Value.GlobalWindowsPerProduct, Threads = scheduler.Threads }
        : null;

    public override ModelSchedule Schedule => options.Value.ToSchedule();

    protected override ModelVersionInfo Train()
    {
        var run = StartRun(Algorithm, time);
        var settings = options.Value;
        var (sales, lastDay) = ReadSales();
        if (sales.Count == 0 || lastDay is not { } through) return run.NotPublished("not trained: no purchase events in the log");

        var metrics = new Dictionary<string, double> { ["products"] = sales.Count, ["validation_days"] = settings.ValidationDays };
        var (model, evaluation) = DemandForecaster.FitAndEvaluate(sales, through, MaxDays, settings.ValidationDays, settings.MaxHorizonDays, Global);
        if (evaluation is var (chosen, seasonalNaive))
        {
            metrics["scored_products"] = chosen.Series;
            if (double.IsFinite(chosen.Mase)) metrics["mase"] = chosen.Mase;
            if (double.IsFinite(seasonalNaive.Mase)) metrics["seasonal_naive_mase"] = seasonalNaive.Mase;
            metrics["interval_80_coverage"] = chosen.Coverage80;
            metrics["interval_95_coverage"] = chosen.Coverage95;
        }
        return run.Publish(model, metrics, metrics.ContainsKey("scored_products")
            ? "published"
            : $"published (no product has the {4 * settings.ValidationDays} days of history the held-out metrics need)");
    }

    /// <summary>Every product's daily sales in the log, and the series' common last day: the last complete day with events.</summary>
    private (Dictionary<string, DailySales> Sales, DateOnly? LastDay) ReadSales()
    {
        var sales = new Dictionary<string, DailySales>(StringComparer.Ordinal);
        DateTimeOffset? newest = null;
        foreach (var e in ReadLog())
        {
            if (newest is null || e.OccurredAt > newest) newest = e.OccurredAt;
            if (e.ProductId is not { } productId || SalesUnits.Of(e.Type, e.OccurredAt, e.Value, e.Quantity) is not var (day, units, revenue)) continue;
            if (!sales.TryGetValue(productId, out var series)) sales[productId] = series = new DailySales();
            series.Add(day, units, revenue, MaxDays);
        }
        if (newest is not { } at) return (sales, null);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var newestDay = DateOnly.FromDateTime(at.UtcDateTime);
        return (sales, newestDay >= today ? today.AddDays(-1) : newestDay);
    }
}
