using System.ComponentModel.DataAnnotations;

namespace PersonalizationEngine.Server.Training;

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
}
