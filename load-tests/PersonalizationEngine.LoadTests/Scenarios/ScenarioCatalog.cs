namespace PersonalizationEngine.LoadTests;

/// <summary>The scenarios <c>pe-load</c> knows, by name.</summary>
public static class ScenarioCatalog
{
    private static readonly string[] WithPropensity = ["recommendation", "propensity"];

    public static readonly IReadOnlyList<Scenario> All =
    [
        new("recommend", "Recommend top-10 for one customer (Zipf-skewed, some hot)", Requests.RecommendAsync),
        new("recommend-prefetch", "The same, as prefetches: no impression recorded", Requests.RecommendPrefetchAsync),
        new("reads", "Recommend, plus GetModelStatus in one step of ten", Requests.RecommendAndStatusAsync),
        new("similar", "SimilarProducts (10) for one product", Requests.SimilarAsync),
        new("propensity", "GetPurchasePropensity for one customer and --batch products", Requests.PropensityAsync, Models: WithPropensity),
        new("churn", "GetChurnRisk for one customer", Requests.ChurnAsync, Models: WithPropensity),
        new("offers", "PersonalizeOffers (3) for one customer", Requests.OffersAsync, LoadOffers.EnsureAsync),
        new("track", "Track: one batch of --batch events (views, carts, purchases)", Ingestion.TrackBatchAsync),
        new("track-stream", "TrackStream: one streaming call of --batch events", Ingestion.TrackStreamAsync),
        new("website-session", "view -> Recommend -> add_to_cart -> purchase (1 in 3), with --think-ms between actions", WebsiteSession.RunAsync),
        new("mobile-offers", "PersonalizeOffers, then impressions and accepted/dismissed outcomes as events", MobileOffers.RunAsync, LoadOffers.EnsureAsync),
        new("freshness", "Track a purchase of the customer's top recommendation; time until Recommend leaves it out", Freshness.RunAsync),
        new("mixed", "Recommend 60%, website-session 15%, track 10%, mobile-offers 10%, propensity 5%", Mixed.RunAsync, LoadOffers.EnsureAsync, WithPropensity),
    ];
}
