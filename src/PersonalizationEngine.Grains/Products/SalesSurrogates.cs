using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.Grains.Products;

// The sales series (daily or hourly) lives in the Orleans-free ML project; this surrogate lets Orleans store and copy it.

[GenerateSerializer]
public struct SalesSeriesSurrogate
{
    [Id(0)] public int[] Steps;
    [Id(1)] public double[] Units;
    [Id(2)] public double[] Revenue;
}

[RegisterConverter]
public sealed class SalesSeriesConverter : IConverter<SalesSeries, SalesSeriesSurrogate>
{
    public SalesSeries ConvertFromSurrogate(in SalesSeriesSurrogate s)
    {
        var (units, revenue) = (s.Units, s.Revenue);
        return new SalesSeries { Steps = s.Steps.Select((step, i) => new SalesStep(step, units[i], revenue[i])).ToList() };
    }

    public SalesSeriesSurrogate ConvertToSurrogate(in SalesSeries sales) => new()
    {
        Steps = sales.Steps.Select(d => d.Step).ToArray(),
        Units = sales.Steps.Select(d => d.Units).ToArray(),
        Revenue = sales.Steps.Select(d => d.Revenue).ToArray(),
    };
}
