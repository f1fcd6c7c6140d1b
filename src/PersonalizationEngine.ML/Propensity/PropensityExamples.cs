using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// Labelled examples at one cut-off T with horizon H: features from events before T (through the same
/// feature builder serving uses), labels from purchases in [T, T+H). The replay must have been advanced
/// to T.
/// Purchase propensity: every recently active customer paired with the products they touched plus the
/// currently most bought ones, labelled "bought it in the horizon": in a training window the sampled share of
/// the pairs not bought (<see cref="NegativeSample"/>), in the held-out window every pair; either held to about
/// a maximum number of pairs. Churn: every customer who bought before T, labelled "bought nothing in the horizon".
/// </summary>
public static class PropensityExamples
{
    /// <summary>Customers last seen longer ago than this before the cut-off get no propensity rows.</summary>
    private static readonly TimeSpan ActiveWithin = TimeSpan.FromDays(180);

    /// <param name="sample">Decides which pairs are kept: in a training window (<paramref name="heldOut"/> false) the
    /// share of negatives, lowered where the window would hold more than <paramref name="maxPairs"/>; in the held-out
    /// window which customers are scored, all of them unless their pairs would be more than that.</param>
    public static List<LabeledRow> Pairs(
        ActivityReplay replay, IReadOnlyList<CustomerEvent> events, DateTimeOffset cutoff, TimeSpan horizon,
        int popularCandidates, ItemFactorSnapshot? taste, NegativeSample sample, int maxPairs, bool heldOut = false)
    {
        var bought = PurchasesBetween(events, cutoff, cutoff + horizon).Select(e => (e.CustomerId, e.ProductId)).ToHashSet();
        var popular = replay.Products.OrderByDescending(p => p.Value.Last(30, cutoff).Purchases).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(popularCandidates).Select(p => p.Key).ToArray();
        var active = replay.Customers.Where(c => !(c.Value.LastSeenAt < cutoff - ActiveWithin)).OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();
        var keptShare = maxPairs / (double)Math.Max(1, CandidatePairs(active.Select(c => c.Value), popular));
        var negatives = heldOut ? null : sample.AtMost(keptShare);
        var scorer = taste is null ? null : new TasteScorer(taste);
        var pairs = new List<LabeledRow>();
        foreach (var (customerId, customer) in active)
        {
            if (heldOut && !sample.KeepsCustomer(keptShare)) continue;
            var candidates = customer.Products.Keys.Union(popular).Order(StringComparer.Ordinal).ToArray();
            var scores = scorer?.Score(customer, candidates);
            var customerFeatures = PropensityFeatures.ForCustomer(customer, replay, cutoff);
            for (var i = 0; i < candidates.Length; i++)
            {
                var label = bought.Contains((customerId, candidates[i]));
                if (negatives is not null && !negatives.Keeps(label)) continue;
                var facts = replay.FactsOf(candidates[i]);
                var share = customer.CategoryShare(facts.Category, facts.CategoryOf);
                var features = PropensityFeatures.OfPair(customer, candidates[i], facts, scores?[i] ?? 0, share, cutoff);
                pairs.Add(new LabeledRow(customerId, features, label, negatives?.WeightOf(label) ?? 1, Shared: customerFeatures));
            }
        }
        return pairs;
    }

    /// <summary>How many pairs the customers have before any is sampled: their products and the popular ones, each once.</summary>
    private static long CandidatePairs(IEnumerable<CustomerActivity> customers, string[] popular)
    {
        long pairs = 0;
        foreach (var customer in customers)
        {
            pairs += customer.Products.Count + popular.Length;
            foreach (var product in popular) if (customer.Products.ContainsKey(product)) pairs--;
        }
        return pairs;
    }

    public static List<LabeledRow> Churn(ActivityReplay replay, IReadOnlyList<CustomerEvent> events, DateTimeOffset cutoff, TimeSpan horizon)
    {
        var buyers = PurchasesBetween(events, cutoff, cutoff + horizon).Select(e => e.CustomerId).ToHashSet(StringComparer.Ordinal);
        return replay.Customers.Where(c => c.Value.LastPurchaseAt is not null).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new LabeledRow(c.Key, PropensityFeatures.ForCustomer(c.Value, replay, cutoff), !buyers.Contains(c.Key)))
            .ToList();
    }

    private static IEnumerable<CustomerEvent> PurchasesBetween(IReadOnlyList<CustomerEvent> events, DateTimeOffset from, DateTimeOffset to) =>
        events.Where(e => e.Kind == BehaviourKind.Purchase && e.OccurredAt >= from && e.OccurredAt < to);
}
