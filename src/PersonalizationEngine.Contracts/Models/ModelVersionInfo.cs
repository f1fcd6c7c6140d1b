namespace PersonalizationEngine.Contracts.Models;

/// <summary>
/// One training run of a model: its version, when and how long it trained, on how many events, its
/// validation metrics, and whether it was published (a model worse than the serving one is not).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ModelVersionInfo(
    [property: Id(0)] int Version,
    [property: Id(1)] string Algorithm,
    [property: Id(2)] DateTimeOffset TrainedAt,
    [property: Id(3)] double TrainingSeconds,
    [property: Id(4)] long Events,
    [property: Id(5)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(6)] bool Published,
    [property: Id(7)] string Note);
