namespace PersonalizationEngine.ML.Synthetic;

/// <summary>
/// A generated shop's latent tastes (<see cref="SyntheticShopGenerator.Tastes"/>): for each customer, the weight of
/// every category and the 5% of each shelf they personally prefer. <see cref="ClickProbability"/> turns them into
/// the chance that the customer clicks a product they are shown: the higher their taste for its category and
/// if it is one of their preferred items, the likelier, whatever its popularity.
/// </summary>
public sealed class SyntheticTastes
{
    /// <summary>The chance of a click on a preferred item of the customer's favourite category.</summary>
    public const double MaxClickProbability = 0.3;

    private readonly IReadOnlyDictionary<string, (double[] Weights, ulong PreferenceSeed)> _customers;
    private readonly int _categories;
    private readonly double _preferredWeight;

    internal SyntheticTastes(IReadOnlyDictionary<string, (double[] Weights, ulong PreferenceSeed)> customers, int categories, double preferredWeight)
    {
        _customers = customers;
        _categories = categories;
        _preferredWeight = preferredWeight;
    }

    public IReadOnlyCollection<string> CustomerIds => (IReadOnlyCollection<string>)_customers.Keys;

    /// <summary>0 for a customer or product the generator did not make.</summary>
    public double ClickProbability(string customerId, string productId)
    {
        if (!_customers.TryGetValue(customerId, out var customer) || !TryIndexOf(productId, out var index)) return 0;
        // Products are dealt to categories in turn, so the index gives the category and the rank on its shelf.
        var (category, rank) = (index % _categories, index / _categories);
        var taste = customer.Weights[category] / customer.Weights.Max();
        var preference = SyntheticShopGenerator.Prefers(customer.PreferenceSeed, category, rank) ? 1 : 1 / Math.Sqrt(_preferredWeight);
        return MaxClickProbability * taste * preference;
    }

    /// <summary>The generator's product ids are "P" and the 1-based index, five digits.</summary>
    private static bool TryIndexOf(string productId, out int index)
    {
        index = productId.Length > 1 && productId[0] == 'P' && int.TryParse(productId.AsSpan(1), out var number) ? number - 1 : -1;
        return index >= 0;
    }
}
