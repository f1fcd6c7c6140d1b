namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Products' forecasts in one kind of step (days or hours, <see cref="SalesClock"/>): <see cref="Horizon"/> points
/// each, the first for step <see cref="FirstStep"/> (the step after the newest history), each made by the method
/// its own validation chose. Products it does not know had no sales in the history it was fitted on.
/// </summary>
public sealed class StepForecasts(int firstStep, int horizon, IReadOnlyDictionary<string, Forecast> products)
{
    public int FirstStep { get; } = firstStep;

    public int Horizon { get; } = horizon;

    public IReadOnlyDictionary<string, Forecast> Products { get; } = products;

    public Forecast? Of(string productId) => Products.GetValueOrDefault(productId);

    /// <summary>
    /// The summed forecast of several forecasts (a category's products). The points add up; each interval's
    /// distances below and above the point add in quadrature, as for independent errors (products that sell
    /// together make the true interval wider). Floored at 0.
    /// </summary>
    public static ForecastPoint[] Total(IReadOnlyList<IReadOnlyList<ForecastPoint>> parts, int horizon)
    {
        var points = new ForecastPoint[horizon];
        for (var h = 0; h < horizon; h++)
        {
            double value = 0, below80 = 0, above80 = 0, below95 = 0, above95 = 0;
            foreach (var part in parts)
            {
                var p = part[h];
                value += p.Value;
                below80 += Square(p.Value - p.Lower80);
                above80 += Square(p.Upper80 - p.Value);
                below95 += Square(p.Value - p.Lower95);
                above95 += Square(p.Upper95 - p.Value);
            }
            points[h] = new ForecastPoint(value, value - Math.Sqrt(below80), value + Math.Sqrt(above80), value - Math.Sqrt(below95), value + Math.Sqrt(above95)).AtLeastZero();
        }
        return points;

        static double Square(double x) => x * x;
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(FirstStep);
        writer.Write(Horizon);
        writer.Write(Products.Count);
        foreach (var (id, forecast) in Products)
        {
            writer.Write(id);
            writer.Write(forecast.Method);
            foreach (var p in forecast.Points)
            {
                writer.Write(p.Value);
                writer.Write(p.Lower80);
                writer.Write(p.Upper80);
                writer.Write(p.Lower95);
                writer.Write(p.Upper95);
            }
        }
    }

    public static StepForecasts Load(BinaryReader reader)
    {
        var firstStep = reader.ReadInt32();
        var horizon = reader.ReadInt32();
        var count = reader.ReadInt32();
        var products = new Dictionary<string, Forecast>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var method = reader.ReadString();
            var points = new ForecastPoint[horizon];
            for (var h = 0; h < horizon; h++)
                points[h] = new ForecastPoint(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            products[id] = new Forecast(method, points);
        }
        return new StepForecasts(firstStep, horizon, products);
    }
}
