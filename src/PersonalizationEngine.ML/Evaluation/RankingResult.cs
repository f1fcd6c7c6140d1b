namespace PersonalizationEngine.ML.Evaluation;

/// <summary>Top-k metrics averaged over <see cref="Users"/> (see <see cref="RankingMetrics"/> for the definitions).</summary>
public sealed record RankingResult(int K, int Users, double Precision, double Recall, double Ndcg, double Map, double MapAtK);
