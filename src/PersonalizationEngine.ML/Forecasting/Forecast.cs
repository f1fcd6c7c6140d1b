namespace PersonalizationEngine.ML.Forecasting;

/// <summary>A series' forecast, one point per step ahead, and the method that made it.</summary>
public sealed record Forecast(string Method, IReadOnlyList<ForecastPoint> Points);
