namespace PersonalizationEngine.ML.Forecasting;

/// <summary>The trend of an exponential smoothing model: none (simple), additive (Holt), or damped.</summary>
public enum TrendForm
{
    None,
    Additive,
    Damped,
}
