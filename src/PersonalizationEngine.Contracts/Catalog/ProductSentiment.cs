namespace PersonalizationEngine.Contracts.Catalog;

/// <summary>
/// What the product's reviews say: the mean score in [-1, 1] over all scored reviews, counts per label,
/// and <paramref name="RecentTrend"/>, the mean score with each review weighted by its age (recent ones
/// count most). <paramref name="Unscored"/> reviews arrived before any sentiment model was serving; they
/// are scored once one is.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductSentiment(
    [property: Id(0)] double MeanScore,
    [property: Id(1)] long Negative,
    [property: Id(2)] long Neutral,
    [property: Id(3)] long Positive,
    [property: Id(4)] double RecentTrend,
    [property: Id(5)] long Unscored);
