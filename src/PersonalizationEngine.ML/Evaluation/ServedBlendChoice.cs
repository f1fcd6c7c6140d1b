namespace PersonalizationEngine.ML.Evaluation;

/// <summary>The chosen history share, its validation metrics, and the NDCG of every share tried.</summary>
public sealed record ServedBlendChoice(double HistoryShare, RankingResult Metrics, IReadOnlyDictionary<double, double> NdcgByShare);
