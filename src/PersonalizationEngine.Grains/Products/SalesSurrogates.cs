using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.Grains.Products;

// The sales series lives in the Orleans-free ML project; this surrogate lets Orleans store and copy it.

[GenerateSerializer]
public struct DailySalesSurrogate
{
    [Id(0)] public int[] Days;
    [Id(1)] public double[] Units;
    [Id(2)] public double[] Revenue;
}

[RegisterConverter]
public sealed class DailySalesConverter : IConverter<DailySales, DailySalesSurrogate>
{
    public DailySales ConvertFromSurrogate(in DailySalesSurrogate s)
    {
        var (units, revenue) = (s.Units, s.Revenue);
        return new DailySales { Days = s.Days.Select((day, i) => new SalesDay(day, units[i], revenue[i])).ToList() };
    }

    public DailySalesSurrogate ConvertToSurrogate(in DailySales sales) => new()
    {
        Days = sales.Days.Select(d => d.Day).ToArray(),
        Units = sales.Days.Select(d => d.Units).ToArray(),
        Revenue = sales.Days.Select(d => d.Revenue).ToArray(),
    };
}
