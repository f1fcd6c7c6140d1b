namespace PersonalizationEngine.ML.Offers;

/// <summary>
/// Ranks eligible offers by expected value P(accept) × value. Thompson sampling draws P(accept) from each
/// offer's posterior, so an uncertain offer sometimes ranks high and is learned about, and a known-bad
/// one rarely does; greedy shows each offer once, then the best observed rate × value; uniform random
/// ignores both.
/// </summary>
public static class OfferRanker
{
    public static IReadOnlyList<OfferPick> Rank(IReadOnlyList<OfferArm> arms, int count, OfferPolicy policy, Random random)
    {
        if (count <= 0 || arms.Count == 0) return [];
        var exploiting = arms.OrderByDescending(a => a.Posterior.Mean * a.Value).ThenBy(a => a.OfferId, StringComparer.Ordinal)
            .Take(count).Select(a => a.OfferId).ToHashSet(StringComparer.Ordinal);
        var scored = arms.Select(arm =>
        {
            var probability = policy switch
            {
                OfferPolicy.ThompsonSampling => arm.Posterior.Sample(random),
                OfferPolicy.Greedy => arm.Posterior.ObservedRate,
                _ => arm.Posterior.Mean,
            };
            var order = policy == OfferPolicy.UniformRandom ? random.NextDouble() : probability * arm.Value;
            return (Pick: new OfferPick(arm.OfferId, probability, probability * arm.Value, !exploiting.Contains(arm.OfferId)), Order: order);
        });
        return scored.OrderByDescending(s => s.Order).ThenBy(s => s.Pick.OfferId, StringComparer.Ordinal).Take(count).Select(s => s.Pick).ToList();
    }
}
