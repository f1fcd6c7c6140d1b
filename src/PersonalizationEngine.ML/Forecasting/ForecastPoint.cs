namespace PersonalizationEngine.ML.Forecasting;

/// <summary>A point forecast with its 80% and 95% prediction intervals.</summary>
public readonly record struct ForecastPoint(double Value, double Lower80, double Upper80, double Lower95, double Upper95);
