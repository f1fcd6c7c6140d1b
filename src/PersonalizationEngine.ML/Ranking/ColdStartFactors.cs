using PersonalizationEngine.ML.Retrieval;

namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// Products the serving model has not seen, with factors from their content, so they compete on taste.
/// The factors are kept row after row in one array so that every request scores them all in one pass
/// and keeps only the best, as it does for the model's own products: a catalog can hold thousands of
/// them, and sorting them all on every request showed plainly in a profile of a Recommend load.
/// </summary>
public sealed class ColdStartFactors
{
    public static readonly ColdStartFactors None = new([], []);

    /// <param name="factors">One row of the model's factor length per product, in the order of <paramref name="productIds"/>.</param>
    public ColdStartFactors(IReadOnlyList<string> productIds, float[] factors)
    {
        if (productIds.Count == 0 ? factors.Length != 0 : factors.Length % productIds.Count != 0)
            throw new ArgumentException("one factor row per product", nameof(factors));
        ProductIds = productIds;
        Factors = factors;
        Index = productIds.Count == 0 ? null : FactorIndex.Build(factors, factors.Length / productIds.Count);
    }

    public IReadOnlyList<string> ProductIds { get; }
    public float[] Factors { get; }

    /// <summary>Retrieval over <see cref="Factors"/> without a scan of every row, as for the model's own products; null when there are none.</summary>
    public FactorIndex? Index { get; }

    /// <summary>The product's factor row; empty when it is not one of these products.</summary>
    public ReadOnlySpan<float> FactorOf(string productId)
    {
        _rows ??= ProductIds.Select((id, row) => (id, row)).ToDictionary(p => p.id, p => p.row, StringComparer.Ordinal);
        if (!_rows.TryGetValue(productId, out var row)) return [];
        var length = Factors.Length / ProductIds.Count;
        return Factors.AsSpan(row * length, length);
    }

    private Dictionary<string, int>? _rows;

    public static ColdStartFactors From(IReadOnlyList<(string ProductId, float[] Factor)> products) =>
        products.Count == 0 ? None : new(products.Select(p => p.ProductId).ToArray(), products.SelectMany(p => p.Factor).ToArray());
}
