using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains;
using PersonalizationEngine.ML.Offers;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Picks a customer's offers: those running now (wall clock: offers are scheduled in real time), open to
/// the request's channel, whose target product is available, and under their frequency cap for this
/// customer (impressions counted by the customer grain), ranked by expected value with Thompson sampling
/// from each offer's acceptance posterior (counted by the offer grain). An offer restricted to segments
/// reaches the customers whose current segment (<see cref="CustomerSegments"/>, from live activity) it
/// names (<see cref="Names"/>); while no segmentation is trained it reaches no one.
/// </summary>
public sealed class OfferPersonalizer(IGrainFactory grains, LiveOffers offers, LiveCatalog catalog, CustomerSegments segments, TimeProvider time)
{
    public async Task<IReadOnlyList<OfferPick>> PersonalizeAsync(string customerId, int count, string? channel)
    {
        var running = offers.List(time.GetUtcNow()).Where(o => Reaches(o, channel) && TargetAvailable(o)).ToList();
        if (running.Any(o => o.EligibleSegments.Count > 0))
        {
            var segment = await SegmentIdOfAsync(customerId);
            running = running.Where(o => o.EligibleSegments.Count == 0 || (segment is not null && o.EligibleSegments.Any(name => Names(name, segment)))).ToList();
        }
        if (running.Count == 0) return [];
        var shown = await grains.ByKey<ICustomerGrain>(customerId).GetOfferImpressionsAsync();
        var eligible = running.Where(o => o.FrequencyCap == 0 || shown.GetValueOrDefault(o.OfferId) < o.FrequencyCap).ToList();
        var outcomes = await Task.WhenAll(eligible.Select(o => grains.ByKey<IOfferGrain>(o.OfferId).GetStatisticsAsync()));
        var arms = eligible.Select((o, i) => new OfferArm(o.OfferId, o.Value, BetaPosterior.FromOutcomes(outcomes[i].Impressions, outcomes[i].Accepted))).ToList();
        return OfferRanker.Rank(arms, count, OfferPolicy.ThompsonSampling, Random.Shared);
    }

    /// <summary>
    /// Whether an offer's segment name is the segment's id or words of it ("lapsing" reaches "lapsing" and
    /// "low-value-lapsing"; "high-value" reaches "high-value-frequent"): segment ids are descriptions, and a
    /// retrain may add or drop a word, so an offer can target what it means.
    /// </summary>
    public static bool Names(string name, string segmentId) =>
        $"-{segmentId}-".Contains($"-{name.Trim('-')}-", StringComparison.OrdinalIgnoreCase);

    private static bool Reaches(OfferInfo offer, string? channel) =>
        offer.EligibleChannels.Count == 0 || (channel is not null && offer.EligibleChannels.Contains(channel, StringComparer.OrdinalIgnoreCase));

    private async Task<string?> SegmentIdOfAsync(string customerId) =>
        segments.Current is { } model ? (await segments.SegmentOfAsync(model.Model, customerId)).Id : null;

    private bool TargetAvailable(OfferInfo offer) => offer.ProductId is not { } productId || catalog.GetInfo(productId)?.Available != false;
}
