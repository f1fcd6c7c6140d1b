using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// A grain whose state is a projection of its entity's committed events (customer, product or offer,
/// keyed by that id). The host delivers each event once per grain it concerns, in log order, in batches.
/// </summary>
public interface IEventProjectionGrain : IGrainWithStringKey
{
    /// <summary>Applies the events (sorted by sequence); events at or below the last one applied are skipped.</summary>
    Task ApplyEventsAsync(TrackedEvent[] events);
}
