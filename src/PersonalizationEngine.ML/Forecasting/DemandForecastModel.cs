namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// A trained demand forecast: every product's daily forecast from <see cref="FirstDay"/> (the day after the
/// newest history) for <see cref="Horizon"/> days, made by the method its own validation chose. Products
/// it does not know had no sales in the history it was trained on.
/// </summary>
public sealed class DemandForecastModel(DateOnly firstDay, int horizon, IReadOnlyDictionary<string, Forecast> products)
{
    private const int FormatVersion = 1;

    public DateOnly FirstDay { get; } = firstDay;

    public int Horizon { get; } = horizon;

    public IReadOnlyDictionary<string, Forecast> Products { get; } = products;

    public Forecast? Of(string productId) => Products.GetValueOrDefault(productId);

    /// <summary>
    /// The summed forecast of several products (a category) and how many of them have a forecast. The
    /// points add up; each interval's distances below and above the point add in quadrature, as for
    /// independent errors (products that sell together make the true interval wider). Floored at 0.
    /// </summary>
    public (ForecastPoint[] Points, int Forecast) Total(IEnumerable<string> productIds)
    {
        var parts = productIds.Select(Of).OfType<Forecast>().ToList();
        var points = new ForecastPoint[Horizon];
        for (var h = 0; h < Horizon; h++)
        {
            double value = 0, below80 = 0, above80 = 0, below95 = 0, above95 = 0;
            foreach (var part in parts)
            {
                var p = part.Points[h];
                value += p.Value;
                below80 += Square(p.Value - p.Lower80);
                above80 += Square(p.Upper80 - p.Value);
                below95 += Square(p.Value - p.Lower95);
                above95 += Square(p.Upper95 - p.Value);
            }
            points[h] = new ForecastPoint(value, value - Math.Sqrt(below80), value + Math.Sqrt(above80), value - Math.Sqrt(below95), value + Math.Sqrt(above95)).AtLeastZero();
        }
        return (points, parts.Count);

        static double Square(double x) => x * x;
    }

    public void Save(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(FormatVersion);
        writer.Write(FirstDay.DayNumber);
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

    public static DemandForecastModel Load(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"unknown demand forecast format {version}");
        var firstDay = DateOnly.FromDayNumber(reader.ReadInt32());
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
        return new DemandForecastModel(firstDay, horizon, products);
    }
}
