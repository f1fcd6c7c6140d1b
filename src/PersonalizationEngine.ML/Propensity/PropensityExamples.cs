using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// Labelled examples at one cut-off T with horizon H: features from events before T (through the same
/// feature builder serving uses), labels from purchases in [T, T+H).
/// Purchase propensity: every recently active customer paired with the products they touched plus the
/// currently most bought ones, labelled "bought it in the horizon". Churn: every customer who bought
/// before T, labelled "bought nothing in the horizon".
/// </summary>
public static class PropensityExamples
{
    /// <summary>Customers last seen longer ago than this before the cut-off get no propensity rows.</summary>
    private static readonly TimeSpan ActiveWithin = TimeSpan.FromDays(180);

    public static (List<LabeledRow> Pairs, List<LabeledRow> Churn) At(
        ActivityReplay replay, IReadOnlyList<CustomerEvent> events, DateTimeOffset cutoff, TimeSpan horizon,
        int popularCandidates, ItemFactorSnapshot? taste)
    {
        replay.AdvanceTo(cutoff);
        var (buyers, bought) = PurchasesBetween(events, cutoff, cutoff + horizon);
        var popular = replay.Products.OrderByDescending(p => p.Value.Last(30, cutoff).Purchases).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(popularCandidates).Select(p => p.Key).ToArray();
        var scorer = taste is null ? null : new TasteScorer(taste);
        var pairs = new List<LabeledRow>();
        var churn = new List<LabeledRow>();
        foreach (var (customerId, customer) in replay.Customers.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (customer.LastPurchaseAt is not null)
                churn.Add(new LabeledRow(customerId, PropensityFeatures.ForCustomer(customer, cutoff), !buyers.Contains(customerId)));
            if (customer.LastSeenAt < cutoff - ActiveWithin) continue;
            var candidates = customer.Products.Keys.Union(popular).Order(StringComparer.Ordinal).ToArray();
            var scores = scorer?.Score(customer, candidates);
            for (var i = 0; i < candidates.Length; i++)
            {
                var features = PropensityFeatures.ForPair(customer, candidates[i], replay.FactsOf(candidates[i]), scores?[i] ?? 0, cutoff);
                pairs.Add(new LabeledRow(customerId, features, bought.Contains((customerId, candidates[i]))));
            }
        }
        return (pairs, churn);
    }

    private static (HashSet<string> Buyers, HashSet<(string, string)> Bought) PurchasesBetween(
        IReadOnlyList<CustomerEvent> events, DateTimeOffset from, DateTimeOffset to)
    {
        var buyers = new HashSet<string>(StringComparer.Ordinal);
        var bought = new HashSet<(string, string)>();
        foreach (var e in events)
        {
            if (e.Kind != BehaviourKind.Purchase || e.OccurredAt < from || e.OccurredAt >= to) continue;
            buyers.Add(e.CustomerId);
            bought.Add((e.CustomerId, e.ProductId));
        }
        return (buyers, bought);
    }
}
