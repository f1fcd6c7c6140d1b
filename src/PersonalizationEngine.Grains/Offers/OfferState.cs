using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Grains.Offers;

/// <summary>An offer's persisted outcome counts.</summary>
[GenerateSerializer]
public sealed class OfferState : IProjectedState
{
    [Id(0)] public long Impressions { get; set; }
    [Id(1)] public long Accepted { get; set; }
    [Id(2)] public long Dismissed { get; set; }
    [Id(3)] public DateTimeOffset? LastEventAt { get; set; }
    [Id(4)] public long LastAppliedSequence { get; set; }
}
