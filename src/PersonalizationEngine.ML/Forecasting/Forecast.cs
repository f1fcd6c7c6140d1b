namespace PersonalizationEngine.ML.Forecasting;

/// <summary>A series' forecast, one point per step ahead, and the method that made it.</summary>
public sealed record Forecast(string Method, IReadOnlyList<ForecastPoint> Points)
{
    /// <summary>This forecast's intervals moved to other <paramref name="points"/> (another model's, which has none of its own), named <paramref name="method"/>.</summary>
    public Forecast MovedTo(IReadOnlyList<double> points, string method) =>
        new(method, Points.Select((p, h) => p.Shifted(points[h] - p.Value)).ToArray());
}
