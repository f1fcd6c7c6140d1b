namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// A fitted exponential smoothing model: its parameters, its states after the last value (the seasonal
/// effects in the order of the next period's steps), the one-step error variance and AICc.
/// </summary>
public sealed record EtsModel(EtsParameters Parameters, double Level, double Slope, double[] Season, double Sigma2, double Aicc)
{
    public string Method => (Parameters.Trend, Parameters.Period > 1) switch
    {
        (TrendForm.None, false) => "ses",
        (TrendForm.Additive, false) => "holt",
        (TrendForm.Damped, false) => "damped",
        (TrendForm.None, true) => $"seasonal{Parameters.Period}",
        _ => $"damped-seasonal{Parameters.Period}",
    };
}
