namespace PersonalizationEngine.ML.Forecasting;

/// <summary>One product's forecast: the method chosen for its series and one point per day ahead.</summary>
public sealed record ProductForecast(string Method, IReadOnlyList<ForecastPoint> Points);
