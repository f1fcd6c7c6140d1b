namespace PersonalizationEngine.Contracts.Experiments;

/// <summary>
/// An experiment: the challenger (a published recommendation model version, or <see cref="Popularity"/>) serves
/// <see cref="TrafficShare"/> of customers, chosen by a stable hash of the customer id and the experiment's name.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string Challenger,
    [property: Id(2)] double TrafficShare,
    [property: Id(3)] long MinItemsPerArm,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? StoppedAt = null)
{
    /// <summary>The challenger that ranks by time-decayed popularity alone, with no model.</summary>
    public const string Popularity = "popularity";

    public bool Running => StoppedAt is null;
}
