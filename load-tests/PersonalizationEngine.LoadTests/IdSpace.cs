namespace PersonalizationEngine.LoadTests;

/// <summary>
/// The customer and product ids requests use, in the demo shop's formats (C000001…, P00001…). Customers
/// are drawn Zipf-skewed (exponent 1: customer k is drawn in proportion to 1/k), so a few are hot as on a
/// real site; products uniformly.
/// </summary>
public sealed class IdSpace
{
    private readonly double[] _customerCdf;
    private readonly int _firstCustomer;

    /// <param name="firstCustomer">The number of the first customer (1: C000001), so that two runs can use separate customers.</param>
    public IdSpace(int customers, int products, int firstCustomer = 1)
    {
        _firstCustomer = firstCustomer;
        if (customers < 1) throw new ArgumentOutOfRangeException(nameof(customers), customers, "must be at least 1");
        if (products < 1) throw new ArgumentOutOfRangeException(nameof(products), products, "must be at least 1");
        _customerCdf = new double[customers];
        double total = 0;
        for (var i = 0; i < customers; i++) _customerCdf[i] = total += 1.0 / (i + 1);
        for (var i = 0; i < customers; i++) _customerCdf[i] /= total;
        Products = products;
    }

    public int Customers => _customerCdf.Length;

    public int Products { get; }

    /// <summary>The 0-based index of a Zipf-drawn customer.</summary>
    public int CustomerIndex(Random random)
    {
        var index = Array.BinarySearch(_customerCdf, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _customerCdf.Length - 1);
    }

    public string Customer(Random random) => CustomerId(_firstCustomer - 1 + CustomerIndex(random));

    public string Product(Random random) => ProductId(random.Next(Products));

    public static string CustomerId(int index) => $"C{index + 1:D6}";

    public static string ProductId(int index) => $"P{index + 1:D5}";
}
