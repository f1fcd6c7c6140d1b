using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Grains.Customers;

/// <summary>A customer's persisted live state. Every list is capped (see EngineGrainOptions).</summary>
[GenerateSerializer]
public sealed class CustomerState : IProjectedState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<RecentInteraction> RecentInteractions { get; set; } = [];
    [Id(1)] public Dictionary<InteractionType, long> CountsByType { get; set; } = [];
    /// <summary>Distinct, newest first.</summary>
    [Id(3)] public List<string> PurchasedProductIds { get; set; } = [];
    [Id(4)] public DateTimeOffset? FirstSeenAt { get; set; }
    [Id(5)] public DateTimeOffset? LastSeenAt { get; set; }
    [Id(7)] public long LastAppliedSequence { get; set; }
    /// <summary>
    /// What the propensity and churn features are built from (bounded); also the source of the profile's
    /// purchase total and last purchase time (ids 2 and 6 held those once and are not reused).
    /// </summary>
    [Id(8)] public CustomerActivity Activity { get; set; } = new();
    /// <summary>Impressions per offer id (frequency caps), capped at EngineGrainOptions.OfferExposures offers.</summary>
    [Id(9)] public Dictionary<string, OfferExposure> OfferExposures { get; set; } = [];
    /// <summary>
    /// Summed interaction weight per product over the whole history, capped at
    /// EngineGrainOptions.TasteProducts (the weakest go first). Null in state written before it existed.
    /// </summary>
    [Id(10)] public Dictionary<string, float>? ProductWeights { get; set; } = [];

    /// <summary>
    /// Co-interactions of applied events (an outbox), written with the events that made them and kept
    /// until the projection checkpoint passes their event, which it does only once the product grain's
    /// state holding them is written too: a crash before then sends them again (the product grain, checking
    /// the event's sequence, counts none twice), so none is lost. Null when nothing is owed.
    /// </summary>
    [Id(11)] public List<OwedCoInteraction>? OwedCoInteractions { get; set; }

    /// <summary>
    /// Recommendation lists shown to the customer, oldest first: the last EngineGrainOptions.ServedLists within the
    /// attribution window, for purchases of their products that do not name the list. Null before the first.
    /// </summary>
    [Id(12)] public List<ServedList>? ServedLists { get; set; }
}
