namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Products' unit sales per time step (a day or an hour, <see cref="Datasets.OnlineRetailReader.ReadUnits"/>) as
/// forecasting series, each zero-filled over the shop's whole calendar (its first to last step with any sale),
/// so every series ends on the same step.
/// </summary>
public static class DemandSeries
{
    /// <summary>The id of the series of every product's units together.</summary>
    public const string Shop = "shop";

    /// <summary>The <paramref name="count"/> best sellers' series, most units first.</summary>
    public static IReadOnlyList<M4Series> TopSellers(IReadOnlyDictionary<string, SortedDictionary<long, double>> unitsByProduct, int count)
    {
        if (Calendar(unitsByProduct) is not var (first, length)) return [];
        return unitsByProduct
            .Select(p => (Id: p.Key, Steps: p.Value, Total: p.Value.Values.Sum()))
            .OrderByDescending(p => p.Total).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Take(count)
            .Select(p => new M4Series(p.Id, Filled(p.Steps, first, length)))
            .ToList();
    }

    /// <summary>The whole shop's units per step: every product's summed.</summary>
    public static M4Series? Total(IReadOnlyDictionary<string, SortedDictionary<long, double>> unitsByProduct)
    {
        if (Calendar(unitsByProduct) is not var (first, length)) return null;
        var values = new double[length];
        foreach (var steps in unitsByProduct.Values)
        {
            foreach (var (step, units) in steps) values[step - first] += units;
        }
        return new M4Series(Shop, values);
    }

    private static (long First, int Length)? Calendar(IReadOnlyDictionary<string, SortedDictionary<long, double>> unitsByProduct)
    {
        var steps = unitsByProduct.Values.Where(s => s.Count > 0).ToArray();
        if (steps.Length == 0) return null;
        var first = steps.Min(s => s.Keys.First());
        return (first, (int)(steps.Max(s => s.Keys.Last()) - first + 1));
    }

    private static double[] Filled(SortedDictionary<long, double> steps, long first, int length)
    {
        var values = new double[length];
        foreach (var (step, units) in steps) values[step - first] = units;
        return values;
    }
}
