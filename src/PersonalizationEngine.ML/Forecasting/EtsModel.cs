namespace PersonalizationEngine.ML.Forecasting;

/// <summary>A fitted exponential smoothing model: its parameters, its states after the last value, the one-step error variance and AICc.</summary>
public sealed record EtsModel(EtsParameters Parameters, double Level, double Slope, double Sigma2, double Aicc)
{
    public string Method => Parameters.Trend switch
    {
        TrendForm.None => "ses",
        TrendForm.Additive => "holt",
        _ => "damped",
    };
}
