using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>The chosen blend, its validation metrics, and the NDCG of every blend tried, in the order tried.</summary>
public sealed record ServedBlendChoice(ServedBlend Blend, RankingResult Metrics, IReadOnlyList<(ServedBlend Blend, double Ndcg)> Tried);
