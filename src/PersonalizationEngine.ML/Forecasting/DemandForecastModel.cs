namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// A trained demand forecast: every product's daily forecast (<see cref="Daily"/>, from the day after the newest
/// history), an hourly forecast of its own for the best sellers (<see cref="Hourly"/>, from the first hour of that
/// day) and, for every other product, its daily forecast spread over the hours by the shop's hour-of-week profile.
/// </summary>
public sealed class DemandForecastModel(StepForecasts daily, StepForecasts hourly, HourOfWeekProfile profile)
{
    private const int FormatVersion = 2;

    public StepForecasts Daily { get; } = daily;

    public StepForecasts Hourly { get; } = hourly;

    public HourOfWeekProfile Profile { get; } = profile;

    public DateOnly FirstDay => DateOnly.FromDayNumber(Daily.FirstStep);

    /// <summary>How many steps ahead the model forecasts in <paramref name="granularity"/>.</summary>
    public int Horizon(ForecastGranularity granularity) => granularity == ForecastGranularity.Day ? Daily.Horizon : Hourly.Horizon;

    /// <summary>The start (UTC) of step <paramref name="h"/> ahead.</summary>
    public DateTime TimeOf(int h, ForecastGranularity granularity) => granularity == ForecastGranularity.Day
        ? FirstDay.AddDays(h).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
        : SalesClock.StartOfHour(Hourly.FirstStep + h);

    /// <summary>The product's forecast in <paramref name="granularity"/>; null for a product without sales in the history.</summary>
    public Forecast? Of(string productId, ForecastGranularity granularity) => granularity == ForecastGranularity.Day
        ? Daily.Of(productId)
        : Hourly.Of(productId) ?? (Daily.Of(productId) is { } daily ? Profile.Spread(daily, Daily.FirstStep, Hourly.Horizon) : null);

    /// <summary>The summed forecast of several products (a category, <see cref="StepForecasts.Total"/>) and how many of them have a forecast.</summary>
    public (ForecastPoint[] Points, int Forecast) Total(IEnumerable<string> productIds, ForecastGranularity granularity)
    {
        var parts = productIds.Select(id => Of(id, granularity)).OfType<Forecast>().Select(f => f.Points).ToList();
        return (StepForecasts.Total(parts, Horizon(granularity)), parts.Count);
    }

    public void Save(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(FormatVersion);
        Daily.Save(writer);
        Hourly.Save(writer);
        Profile.Save(writer);
    }

    public static DemandForecastModel Load(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"unknown demand forecast format {version}");
        return new DemandForecastModel(StepForecasts.Load(reader), StepForecasts.Load(reader), HourOfWeekProfile.Load(reader));
    }
}
