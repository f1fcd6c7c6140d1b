namespace PersonalizationEngine.ML.Forecasting;

/// <summary>The step a demand forecast is asked for in.</summary>
public enum ForecastGranularity
{
    Day,
    Hour,
}
