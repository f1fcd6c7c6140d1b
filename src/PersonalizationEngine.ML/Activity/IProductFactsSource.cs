namespace PersonalizationEngine.ML.Activity;

/// <summary>Where the features look products up: the training replay or the serving catalog.</summary>
public interface IProductFactsSource
{
    ProductFacts FactsOf(string productId);

    /// <summary>The product's daily activity (empty for a product without events); the caller must not change it.</summary>
    DailyActivity ActivityOf(string productId);
}
