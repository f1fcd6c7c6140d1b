namespace PersonalizationEngine.ML.Forecasting;

/// <summary>An exponential smoothing model's parameters: smoothing (alpha, beta), damping (phi; 1 without damping) and initial states.</summary>
public sealed record EtsParameters(TrendForm Trend, double Alpha, double Beta, double Phi, double Level0, double Slope0);
