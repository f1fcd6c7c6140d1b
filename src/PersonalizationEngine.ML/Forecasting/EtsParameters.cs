namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// An exponential smoothing model's parameters: smoothing (alpha, beta, gamma), damping (phi; 1 without
/// damping) and initial states; <see cref="Season0"/> is empty without seasonality, else one additive
/// effect per position in the period, the first for the series' first value.
/// </summary>
public sealed record EtsParameters(TrendForm Trend, double Alpha, double Beta, double Phi, double Level0, double Slope0, double Gamma = 0, double[]? Season0 = null)
{
    public int Period => Season0?.Length ?? 1;
}
