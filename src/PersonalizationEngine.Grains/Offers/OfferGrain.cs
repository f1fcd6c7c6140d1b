using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Contracts.Offers;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Grains.Offers;

/// <summary>Counts an offer's outcomes as its events are committed, so the next PersonalizeOffers call samples from the updated posterior.</summary>
public sealed class OfferGrain(
    [PersistentState("offer", StorageNames.GrainState)] IPersistentState<OfferState> state,
    IEventProjectionProgress progress,
    IOptions<EngineGrainOptions> options)
    : EventProjectionGrain<OfferState>(state, progress, options.Value.StateWriteDelay), IOfferGrain
{
    public Task<OfferStatistics> GetStatisticsAsync() =>
        Task.FromResult(new OfferStatistics(State.Impressions, State.Accepted, State.Dismissed, State.LastEventAt));

    protected override void Apply(TrackedEvent e)
    {
        var s = State;
        switch (e.Type)
        {
            case InteractionType.OfferImpression: s.Impressions++; break;
            case InteractionType.OfferAccepted: s.Accepted++; break;
            case InteractionType.OfferDismissed: s.Dismissed++; break;
            default: return;
        }
        if (s.LastEventAt is not { } last || e.OccurredAt > last) s.LastEventAt = e.OccurredAt;
    }
}
