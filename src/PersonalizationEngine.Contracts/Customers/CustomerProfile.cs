using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Contracts.Customers;

/// <summary>What the customer grain knows about a customer: the input to recommendation and, later, propensity.</summary>
/// <param name="ProductWeights">
/// The customer's interest per product over their whole history (interaction weights summed, the weakest
/// dropped beyond a bound): what the recommendation model folds the customer in from.
/// </param>
[GenerateSerializer, Immutable]
public sealed record CustomerProfile(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] IReadOnlyList<RecentInteraction> RecentInteractions,
    [property: Id(2)] IReadOnlyDictionary<InteractionType, long> CountsByType,
    [property: Id(3)] double PurchaseTotal,
    [property: Id(4)] IReadOnlyList<string> PurchasedProductIds,
    [property: Id(5)] DateTimeOffset? FirstSeenAt,
    [property: Id(6)] DateTimeOffset? LastSeenAt,
    [property: Id(7)] DateTimeOffset? LastPurchaseAt,
    [property: Id(8)] IReadOnlyDictionary<string, float> ProductWeights)
{
    /// <summary>A customer nothing is known about yet (cold start).</summary>
    public static CustomerProfile Empty(string customerId) => new(
        customerId, [], new Dictionary<InteractionType, long>(), 0, [], null, null, null, new Dictionary<string, float>());

    public bool IsNew => RecentInteractions.Count == 0;
}
