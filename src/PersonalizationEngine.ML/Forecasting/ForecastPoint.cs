namespace PersonalizationEngine.ML.Forecasting;

/// <summary>A point forecast with its 80% and 95% prediction intervals.</summary>
public readonly record struct ForecastPoint(double Value, double Lower80, double Upper80, double Lower95, double Upper95)
{
    private const double Z80 = 1.2815515655446004;
    private const double Z95 = 1.959963984540054;

    /// <summary>The same forecast and intervals moved by <paramref name="shift"/> (a blend's point, one model's interval widths).</summary>
    public ForecastPoint Shifted(double shift) => new(Value + shift, Lower80 + shift, Upper80 + shift, Lower95 + shift, Upper95 + shift);

    /// <summary>The same point with every interval <paramref name="factor"/> times as wide.</summary>
    public ForecastPoint Widened(double factor) =>
        new(Value, Value - factor * (Value - Lower80), Value + factor * (Upper80 - Value), Value - factor * (Value - Lower95), Value + factor * (Upper95 - Value));

    /// <summary>The point and every bound times <paramref name="share"/> (a part of a forecast total).</summary>
    public ForecastPoint Scaled(double share) => new(share * Value, share * Lower80, share * Upper80, share * Lower95, share * Upper95);

    /// <summary>The forecast with its point and bounds floored at 0: demand is not negative.</summary>
    public ForecastPoint AtLeastZero() =>
        new(Math.Max(0, Value), Math.Max(0, Lower80), Math.Max(0, Upper80), Math.Max(0, Lower95), Math.Max(0, Upper95));

    /// <summary>Intervals of a normally distributed error with standard deviation <paramref name="sd"/>.</summary>
    public static ForecastPoint Normal(double value, double sd) =>
        new(value, value - Z80 * sd, value + Z80 * sd, value - Z95 * sd, value + Z95 * sd);
}
