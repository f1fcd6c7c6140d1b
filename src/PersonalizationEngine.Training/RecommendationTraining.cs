using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Training;

/// <summary>
/// One training run of the recommendation model: every product event in the log becomes an interaction
/// weighted by its type (purchase > add to cart > view); each customer's latest 20% are held out, the
/// served path (<see cref="ServedRankerModel"/>: ALS factors, item-to-item neighbors and the blend) is
/// trained on the rest and the blend's history share chosen by NDCG@10 on them; unless that NDCG is worse
/// than the serving model's, a model trained on everything is published with that share.
/// </summary>
public sealed class RecommendationTraining(
    TrainingLog log, ModelStore<ItemFactorSnapshot> store, LiveCatalog catalog, IOptions<TrainingOptions> options, TimeProvider time)
    : ModelTraining<ItemFactorSnapshot>(log, store)
{
    public const string Algorithm = "implicit ALS (weighted matrix factorization, conjugate gradient) + item-to-item (EASE, dense or over the top co-occurrence graph), blended";
    /// <summary>Validation ranks at most this many customers (an even sample), so a large shop validates in seconds.</summary>
    private const int MaxValidationUsers = 5_000;
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
        var products = interactions.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Count();
        // Decided once, so that validation and the published model fit the same form.
        var dense = DenseEaseFits(products, options.Value, Environment.WorkingSet);
        var neighborCounts = ServedBlendValidation.NeighborCounts(options.Value.NeighborsPerProduct, products, options.Value.MaxNeighborLinks);
        var choice = ServedBlendValidation.Choose(train, validation,
            part => new ServedRankerModel(part, alsOptions, () => ItemToItem(neighborCounts[^1], dense), ValidationK, id => catalog.GetInfo(id)?.Category),
            ValidationK, MaxValidationUsers, neighborCounts);
        var neighbors = choice.NeighborsPerItem ?? options.Value.NeighborsPerProduct;
        var validated = choice.Metrics;
        var metrics = new Dictionary<string, double>
        {
            ["history_share"] = choice.Blend.HistoryShare,
            ["history_half_life_days"] = choice.Blend.HistoryHalfLife?.TotalDays ?? 0,
            ["weight_popularity"] = choice.Blend.Popularity,
            ["weight_category"] = choice.Blend.CategoryAffinity,
            ["weight_cointeraction"] = choice.Blend.CoInteraction,
            ["neighbors_per_product"] = neighbors,
            ["dense_ease"] = dense ? 1 : 0,
            ["ndcg@10"] = validated.Ndcg,
            ["precision@10"] = validated.Precision,
            ["recall@10"] = validated.Recall,
            ["map"] = validated.Map,
            ["validation_users"] = validated.Users,
        };
        if (Store.Current?.Info.Metrics.GetValueOrDefault("ndcg@10") is { } serving && validated.Ndcg < serving - options.Value.NdcgTolerance)
            return run.NotPublished($"not published: validation NDCG@10 {validated.Ndcg:F4} is below the serving model's {serving:F4}", metrics);

        var model = ServedRankerModel.TrainSnapshot(InteractionMatrix.Build(interactions), alsOptions, ItemToItem(neighbors, dense), choice.Blend);
        return run.Publish(model, metrics);
    }

    /// <summary>
    /// Whether a run over <paramref name="products"/> products takes dense EASE: the catalog within
    /// <see cref="TrainingOptions.EaseMaxProducts"/>, and its Gram matrix within <see cref="TrainingOptions.EaseMemoryLimitMiB"/>
    /// beside the <paramref name="residentBytes"/> the engine holds when the run starts (the grains' state, the
    /// log's snapshot, the models served). Otherwise the sparse form, without the matrix's 2·n² bytes (0.8 GB at 20,000 products).
    /// </summary>
    internal static bool DenseEaseFits(int products, TrainingOptions options, long residentBytes) =>
        products <= options.EaseMaxProducts
        && (options.EaseMemoryLimitMiB == 0 || residentBytes + EaseModel.FitBytes(products) <= (long)options.EaseMemoryLimitMiB << 20);

    private static ItemToItemModel ItemToItem(int neighborsPerProduct, bool dense) =>
        new(neighborsPerProduct, dense ? EaseModel.MaxItems : 0);

    private List<Interaction> ReadInteractions()
    {
        var events = ReadLog();
        var interactions = new List<Interaction>(events.Count);
        foreach (var e in events)
        {
            if (e.ProductId is not { } productId) continue;
            var weight = InteractionWeights.For(e.Type, e.Value);
            if (weight > 0) interactions.Add(new Interaction(e.CustomerId, productId, (float)weight, e.OccurredAt));
        }
        return interactions;
    }
}
