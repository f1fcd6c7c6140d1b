using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.Server.Serving;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Server.Training;

/// <summary>
/// One training run of the recommendation model: every product event in the log becomes an interaction
/// weighted by its type (purchase > add to cart > view), each customer's latest 20% are held out to
/// measure NDCG@10 of a model trained on the rest, and, unless that is worse than the serving model's,
/// a model trained on everything is published.
/// </summary>
public sealed class RecommendationTraining(
    FileEventLog log, ModelStore<ItemFactorSnapshot> store, IOptions<TrainingOptions> options, TimeProvider time)
    : ModelTraining<ItemFactorSnapshot>(log, store)
{
    public const string Algorithm = "implicit ALS (weighted matrix factorization, conjugate gradient)";
    private const int MinInteractions = 50;
    private const int ValidationK = 10;

    public override ModelSchedule Schedule => new(options.Value.RetrainInterval, options.Value.RetrainAfterEvents);

    protected override ModelVersionInfo Train()
    {
        var run = StartRun(Algorithm, time);
        var interactions = ReadInteractions();
        if (interactions.Count < MinInteractions) return run.NotPublished($"not enough interactions to train ({interactions.Count} < {MinInteractions})");

        var alsOptions = new ImplicitAlsOptions(Factors: options.Value.Factors);
        var (train, validation) = DataSplit.Temporal(interactions, 0.8);
        var validated = OfflineEvaluator.Run(train, validation, [new ImplicitAlsModel(alsOptions)], ValidationK)[0].Metrics;
        var metrics = new Dictionary<string, double>
        {
            ["ndcg@10"] = validated.Ndcg,
            ["precision@10"] = validated.Precision,
            ["recall@10"] = validated.Recall,
            ["map"] = validated.Map,
            ["validation_users"] = validated.Users,
        };
        if (Store.Current?.Info.Metrics.GetValueOrDefault("ndcg@10") is { } serving && validated.Ndcg < serving - options.Value.NdcgTolerance)
            return run.NotPublished($"not published: validation NDCG@10 {validated.Ndcg:F4} is below the serving model's {serving:F4}", metrics);

        var model = new ImplicitAlsModel(alsOptions);
        model.Fit(InteractionMatrix.Build(interactions));
        return run.Publish(model.ToSnapshot(), metrics);
    }

    private List<Interaction> ReadInteractions()
    {
        var interactions = new List<Interaction>();
        foreach (var record in Log.ReadAfter(0))
        {
            if (record is not EventRecord { Event: { ProductId: { } productId } e }) continue;
            var weight = InteractionWeights.For(e.Type, e.Value);
            if (weight > 0) interactions.Add(new Interaction(e.CustomerId, productId, (float)weight, e.OccurredAt));
        }
        return interactions;
    }
}
