using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// The chosen blend and item-to-item links per item (null where only one count was offered), its validation
/// metrics, and the NDCG of every candidate tried, in the order tried.
/// </summary>
public sealed record ServedBlendChoice(ServedBlend Blend, int? NeighborsPerItem, RankingResult Metrics,
    IReadOnlyList<(ServedBlend Blend, int? NeighborsPerItem, double Ndcg)> Tried);
