using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// What two-stage retrieval costs the served path in quality: the same fitted model ranked with the
/// model's index and with every product scored, on the same users.
/// </summary>
/// <param name="RecallOfExhaustive">The mean share of each user's exhaustive top k that the two-stage list also holds.</param>
public sealed record RetrievalAgreement(double TwoStageNdcg, double ExhaustiveNdcg, double RecallOfExhaustive)
{
    public double NdcgDifference => TwoStageNdcg - ExhaustiveNdcg;

    public static RetrievalAgreement Measure(ServedRankerModel fitted, InteractionMatrix matrix, IReadOnlyDictionary<string, IReadOnlySet<string>> relevant, int k)
    {
        var wasExhaustive = fitted.ExhaustiveRetrieval;
        try
        {
            fitted.ExhaustiveRetrieval = false;
            var twoStage = OfflineEvaluator.Recommend(fitted, matrix, relevant.Keys, k);
            fitted.ExhaustiveRetrieval = true;
            var exhaustive = OfflineEvaluator.Recommend(fitted, matrix, relevant.Keys, k);
            var recall = exhaustive.Where(e => e.Value.Count > 0)
                .Select(e => (double)e.Value.Intersect(twoStage[e.Key], StringComparer.Ordinal).Count() / e.Value.Count)
                .DefaultIfEmpty(1).Average();
            return new RetrievalAgreement(RankingMetrics.Evaluate(twoStage, relevant, k).Ndcg, RankingMetrics.Evaluate(exhaustive, relevant, k).Ndcg, recall);
        }
        finally
        {
            fitted.ExhaustiveRetrieval = wasExhaustive;
        }
    }
}
