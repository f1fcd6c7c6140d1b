namespace PersonalizationEngine.ML.Evaluation;

/// <summary>One model's offline result: ranking metrics, the share of the catalog it recommends, and training time.</summary>
public sealed record ModelEvaluation(string Model, RankingResult Metrics, double CatalogCoverage, double TrainingSeconds);
