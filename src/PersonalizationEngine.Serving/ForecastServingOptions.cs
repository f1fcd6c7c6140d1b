using System.ComponentModel.DataAnnotations;

namespace PersonalizationEngine.Serving;

/// <summary>The demand forecast: how far ahead, how it is validated and when it is refitted (section "Engine:Forecast").</summary>
public sealed class ForecastServingOptions : ScheduledModelOptions
{
    public const string Section = "Engine:Forecast";

    /// <summary>The longest horizon GetDemandForecast answers; the trainer forecasts this many days for every product.</summary>
    [Range(1, 366)]
    public int MaxHorizonDays { get; set; } = 90;

    /// <summary>The last days of each product's history that choose its method, and that the held-out metrics score.</summary>
    [Range(7, 180)]
    public int ValidationDays { get; set; } = 28;

    /// <summary>
    /// Also offer every product the gradient-boosted model across all products (log scale, one model for
    /// every step ahead) as a candidate; its validation error decides per product, like the others'.
    /// </summary>
    public bool UseGlobalModel { get; set; } = true;

    /// <summary>Training windows per product for the global model (the newest); fewer fit faster.</summary>
    [Range(1, 1_000)]
    public int GlobalWindowsPerProduct { get; set; } = 20;
}
