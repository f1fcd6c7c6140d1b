namespace PersonalizationEngine.ML.Forecasting;

/// <summary>The least-squares line through a series' first values against their steps 0, 1, 2, ...</summary>
public readonly record struct LinearTrend(double Intercept, double Slope)
{
    public static LinearTrend Of(IReadOnlyList<double> y, int count)
    {
        double meanX = (count - 1) / 2.0, meanY = 0, sxy = 0, sxx = 0;
        for (var t = 0; t < count; t++) meanY += y[t] / count;
        for (var t = 0; t < count; t++)
        {
            sxy += (t - meanX) * (y[t] - meanY);
            sxx += (t - meanX) * (t - meanX);
        }
        var slope = sxx > 0 ? sxy / sxx : 0;
        return new LinearTrend(meanY - slope * meanX, slope);
    }

    public static LinearTrend Of(IReadOnlyList<double> y) => Of(y, y.Count);

    public double At(double t) => Intercept + Slope * t;
}
