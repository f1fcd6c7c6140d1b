using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Propensity;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Purchase propensity and churn risk from live state: the customer grain's activity, the live catalog's
/// product activity and the serving recommendation model's taste score, through the same feature builder
/// the trainer uses (<see cref="PropensityFeatures"/>). Features are computed as of the data clock (the
/// latest committed event), as in training, so imported history is scored as of its own time. Scoring runs
/// outside the grain; the caller reads the current propensity model once (<see cref="Current"/>) and passes it
/// in, so the answer and the version it reports always match.
/// </summary>
public sealed class PropensityScorer(IGrainFactory grains, LiveCatalog catalog, ModelStore<PropensityPredictor> models, ModelStore<ItemFactorSnapshot> recommendations)
{
    /// <summary>Null until a propensity model is published.</summary>
    public ServingModel<PropensityPredictor>? Current => models.Current;

    /// <summary>P(buys within the horizon) for each product, in order.</summary>
    public async Task<double[]> PurchaseAsync(PropensityPredictor predictor, string customerId, IReadOnlyList<string> productIds)
    {
        var customer = await grains.ByKey<ICustomerActivityGrain>(customerId).GetActivityAsync();
        var now = catalog.DataClock;
        var taste = predictor.UsesTaste && recommendations.Current is { } recommendation
            ? new TasteScorer(recommendation.Model).Score(customer, productIds)
            : new float[productIds.Count];
        var customerFeatures = PropensityFeatures.ForCustomer(customer, catalog, now);
        var probabilities = new double[productIds.Count];
        var categoryShares = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < productIds.Count; i++)
        {
            var productId = productIds[i];
            var facts = catalog.FactsOf(productId);
            var share = facts.Category is null ? 0 : CategoryShare(customer, facts, categoryShares);
            probabilities[i] = predictor.PurchaseProbability(PropensityFeatures.ForPair(customerFeatures, customer, productId, facts, taste[i], share, now));
        }
        return probabilities;
    }

    private static double CategoryShare(CustomerActivity customer, ProductFacts product, Dictionary<string, double> computed)
    {
        if (!computed.TryGetValue(product.Category!, out var share)) computed[product.Category!] = share = customer.CategoryShare(product.Category, product.CategoryOf);
        return share;
    }

    /// <summary>P(no purchase within the horizon).</summary>
    public async Task<double> ChurnAsync(PropensityPredictor predictor, string customerId)
    {
        var customer = await grains.ByKey<ICustomerActivityGrain>(customerId).GetActivityAsync();
        return predictor.ChurnProbability(PropensityFeatures.ForCustomer(customer, catalog, catalog.DataClock));
    }
}
