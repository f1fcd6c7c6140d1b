namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// One customer event's link between a product and the others of the same session, sent by the customer
/// grain that applied the event (<see cref="Sequence"/>) to the product grain. A product grain applies each
/// event's link once, however often it is sent again (after a failed call, or a replay after a crash).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CoInteraction(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string[] OtherProductIds,
    [property: Id(2)] double Weight,
    [property: Id(3)] DateTimeOffset OccurredAt);
