using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Projection;

/// <summary>One event for one grain, as the <see cref="GrainPublisher"/>'s lanes and <see cref="ExpeditedLane"/> queue it.</summary>
public readonly record struct Delivery(IEventProjectionGrain Grain, TrackedEvent Event);
