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
    /// The longest hourly horizon GetDemandForecast answers (granularity HOUR): two weeks by default; at most a day
    /// for each of <see cref="MaxHorizonDays"/>, since the hours of sparse products are their days spread.
    /// </summary>
    [Range(1, 2_160)]
    public int MaxHorizonHours { get; set; } = 336;

    /// <summary>The hours the trainer forecasts and GetDemandForecast answers: <see cref="MaxHorizonHours"/>, within <see cref="MaxHorizonDays"/>.</summary>
    public int HourlyHorizon => Math.Min(MaxHorizonHours, MaxHorizonDays * 24);

    /// <summary>The last hours of a best seller's hourly history that choose its hourly method and that the hourly held-out metrics score.</summary>
    [Range(24, 1_344)]
    public int ValidationHours { get; set; } = 168;

    /// <summary>
    /// How many best sellers (most units in the hourly history) get an hourly model of their own (seasons of 24 and
    /// 168 hours); every other product's hours are its daily forecast spread by the shop's hour-of-week profile. 0: none.
    /// </summary>
    [Range(0, 100_000)]
    public int HourlyProducts { get; set; } = 200;

    /// <summary>
    /// Also offer every product the gradient-boosted model across all products (log scale, one model for
    /// every step ahead) as a candidate; its validation error decides per product, like the others'.
    /// </summary>
    public bool UseGlobalModel { get; set; } = true;

    /// <summary>Training windows per product for the global model (the newest); fewer fit faster.</summary>
    [Range(1, 1_000)]
    public int GlobalWindowsPerProduct { get; set; } = 20;
}
