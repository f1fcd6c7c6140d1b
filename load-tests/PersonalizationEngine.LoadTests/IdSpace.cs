namespace PersonalizationEngine.LoadTests;

/// <summary>
/// The customer and product ids requests use, in the demo shop's formats (C000001…, P00001…). Customers
/// are drawn Zipf-skewed (exponent 1), so a few are hot as on a real site; products uniformly.
/// </summary>
public sealed class IdSpace
{
    private readonly double[] _customerCdf;
    private readonly int _products;
    private readonly int _batch;

    public IdSpace(int customers, int products, int batch)
    {
        _customerCdf = new double[customers];
        double total = 0;
        for (var i = 0; i < customers; i++) _customerCdf[i] = total += 1.0 / (i + 1);
        for (var i = 0; i < customers; i++) _customerCdf[i] /= total;
        _products = products;
        _batch = batch;
    }

    public string Customer(Random random)
    {
        var index = Array.BinarySearch(_customerCdf, random.NextDouble());
        return $"C{(index < 0 ? ~index : index) + 1:D6}";
    }

    public IEnumerable<string> Products(Random random) =>
        Enumerable.Range(0, _batch).Select(_ => $"P{random.Next(_products) + 1:D5}");
}
